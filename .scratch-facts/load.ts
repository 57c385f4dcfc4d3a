// Crude loader for shared samples until src/parsing exists (scratch only).
import { readFileSync } from 'node:fs';
import type { Turn, ParticipantHint } from '../src/parsing/types.ts';

export function crudeLoad(path: string): { turns: Turn[]; participants: ParticipantHint[]; meetingAt: string | null } {
  const raw = readFileSync(path, 'utf8');
  const turns: Turn[] = [];
  const push = (speaker: string, text: string) => {
    const last = turns[turns.length - 1];
    if (last && last.speaker === speaker) last.text += ' ' + text;
    else turns.push({ speaker, startMs: null, endMs: null, text });
  };
  if (path.endsWith('.json')) {
    const d = JSON.parse(raw);
    const m = new Map<string, string>((d.participants ?? []).map((p: any) => [p.id, p.name]));
    for (const t of d.turns) push(m.get(t.speaker) ?? t.speaker, t.text);
    return { turns, participants: (d.participants ?? []).map((p: any) => ({ name: p.name, email: p.email, side: p.side })), meetingAt: d.started_at ?? null };
  }
  if (path.endsWith('.vtt') || path.endsWith('.srt')) {
    const blocks = raw.split(/\r?\n\r?\n/);
    for (const b of blocks) {
      const lines = b.split(/\r?\n/).filter((l) => l && !/^\d+$/.test(l) && !l.includes('-->') && !l.startsWith('WEBVTT'));
      if (!lines.length) continue;
      let text = lines.join(' ');
      let m = text.match(/^<v ([^>]+)>(.*?)(<\/v>)?$/);
      if (m) { push(m[1], m[2]); continue; }
      m = text.match(/^([^:]{1,40}):\s*(.*)$/);
      if (m) push(m[1], m[2]);
    }
    return { turns, participants: [], meetingAt: null };
  }
  const lines = raw.split(/\r?\n/);
  // otter?
  if (lines.some((l) => /^\S.*\s{2}\d+:\d\d$/.test(l))) {
    let sp = '';
    for (const l of lines) {
      const m = l.match(/^(.*?)\s{2}\d+:\d\d$/);
      if (m) { sp = m[1]; continue; }
      if (!l.trim() || l.startsWith('Transcribed by')) continue;
      push(sp, l.trim());
    }
    return { turns, participants: [], meetingAt: null };
  }
  let sp = '';
  for (const l of lines) {
    if (!l.trim()) continue;
    const m = l.match(/^([A-Z][\p{L}'. -]{1,40}?):\s(.*)$/u);
    if (m && !/^Two things$/.test(m[1])) { sp = m[1]; push(sp, m[2]); } else if (sp) push(sp, l.trim());
  }
  return { turns, participants: [], meetingAt: null };
}
