#!/bin/bash
# Held-out check of the learned buyer chooser on OLDER rules (ones never tuned on the held-out folder).
# usage: PORT_WORKTREE=<detached worktree> BRANCH=<this worktree> run-at.sh <commit> <patch> [train-buyer args]
#   5dfaa4b people-5dfaa4b.patch (rules before round 2) · 164de7c people-164de7c.patch (before round 3)
#   99a3542 people-99a3542.patch (before round 4). Truth always from $BRANCH's folders.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cd "${PORT_WORKTREE:?a detached worktree of this repository}"
git checkout -q -- src/agents/builtin/facts/people.ts src/agents/builtin/callFacts.ts
git checkout -q --detach "$1"
git apply "$here/$2"
cp "$BRANCH"/src/agents/builtin/facts/buyerFeatures.ts "$BRANCH"/src/agents/builtin/facts/buyerModel.ts src/agents/builtin/facts/
cp "$here/companies-shim.ts" src/agents/builtin/facts/companies.ts
sed -e "s#const FOLDERS = \['samples', 'eval/tuning', 'eval/tuning-people', 'eval/blind', 'eval/blind2', 'eval/blind3'\];#const FOLDERS = ['samples', 'eval/tuning', 'eval/tuning-people', 'eval/blind', 'eval/blind2', 'eval/blind3'].map((f) => \`$BRANCH/\${f}\`);#" \
    -e "s#extractCallFactsWithMeta({ ...call, meetingAt }, { now: NOW, buyerChooser: 'rules' });#extractCallFactsWithMeta({ ...call, meetingAt }, { now: NOW }) as any;#" "$BRANCH"/scripts/train-buyer.ts > scripts/train-buyer.ts
shift 2
npx tsx scripts/train-buyer.ts "$@"
