-- Speech time of a merged turn (issue 10): consecutive cues of one speaker merge
-- into one turn, but the silence between them is not talk. Null when the turn's
-- end − start is its talk (one cue, or cues back to back).
alter table stellar.turns add column talk_ms int;
