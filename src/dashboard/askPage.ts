/**
 * The dashboard's Ask page (GET /dashboard/ask): a question box that POSTs to
 * /ask with the session cookie and the CSRF header, asks for server-sent
 * events, shows each step (plan, tool call, tool result) as it arrives, then
 * the answer with its numbered citations (call — linked to its call page —,
 * speaker, time, turns). The
 * thread id is kept so the next question can follow up ("and which of those…");
 * "New thread" forgets it. Text from the server is inserted as text, never HTML.
 */
import { h, trusted, type Html } from './html.ts';
import { layout } from './pages.ts';

const ASK_STYLE = trusted(`
.ask form { display:flex; gap:8px; margin-bottom: 12px; }
.ask input[type=text] { flex:1; padding: 6px 8px; font: inherit; }
.ask ol.steps { color: var(--muted); font-size: 13px; padding-left: 20px; }
.ask ol.steps li.fail { color: var(--bad); }
.ask .answer { white-space: pre-wrap; background:#f9fafb; border:1px solid var(--line); border-radius:6px; padding: 10px 12px; }
.ask ol.cites { font-size: 13px; }
.ask .thread { font-size: 12px; color: var(--muted); }
`);

const ASK_SCRIPT = trusted(`
(() => {
  const form = document.getElementById('ask-form');
  const input = document.getElementById('ask-question');
  const steps = document.getElementById('ask-steps');
  const answer = document.getElementById('ask-answer');
  const cites = document.getElementById('ask-cites');
  const thread = document.getElementById('ask-thread');
  const status = document.getElementById('ask-status');
  let threadId = '';
  const mmss = (ms) => ms == null ? '' : ' at ' + Math.floor(ms / 60000) + ':' + String(Math.floor(ms / 1000) % 60).padStart(2, '0');
  function addStep(s) {
    const li = document.createElement('li');
    if (s.kind === 'plan') li.textContent = 'Plan: ' + s.text;
    else if (s.kind === 'tool_call') li.textContent = 'Calls ' + s.tool + ' ' + JSON.stringify(s.args);
    else if (s.kind === 'tool_result') { li.textContent = (s.ok ? '→ ' : '✗ ') + s.tool + ': ' + s.summary; if (!s.ok) li.className = 'fail'; }
    else return;
    steps.appendChild(li);
  }
  function showAnswer(a) {
    answer.textContent = a.answer;
    cites.replaceChildren();
    a.citations.forEach((c, i) => {
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.href = '/dashboard/calls/' + encodeURIComponent(c.transcriptId);
      link.textContent = c.fileName;
      li.append(link, ' — ' + (c.speaker || 'call') + mmss(c.startMs) + ', turn' + (c.turnFrom === c.turnTo ? ' ' + c.turnFrom : 's ' + c.turnFrom + '–' + c.turnTo));
      li.value = i + 1;
      cites.appendChild(li);
    });
    threadId = a.threadId;
    thread.textContent = 'Thread ' + threadId + ' — your next question can follow up on this answer.';
  }
  document.getElementById('ask-new').addEventListener('click', () => { threadId = ''; thread.textContent = 'New thread.'; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    steps.replaceChildren(); answer.textContent = ''; cites.replaceChildren(); status.textContent = 'Thinking…';
    try {
      const res = await fetch('/ask', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-stellar-csrf': '1' },
        body: JSON.stringify(threadId ? { question, threadId } : { question }),
      });
      if (!res.ok) { const b = await res.json().catch(() => ({})); throw new Error((b.error && b.error.message) || ('HTTP ' + res.status)); }
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\\n\\n')) >= 0) {
          const block = buf.slice(0, cut); buf = buf.slice(cut + 2);
          let event = 'message', data = '';
          for (const line of block.split('\\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          const payload = data ? JSON.parse(data) : {};
          if (event === 'done') showAnswer(payload);
          else if (event === 'error') throw new Error(payload.error && payload.error.message);
          else addStep(payload);
        }
      }
      status.textContent = '';
    } catch (err) {
      status.textContent = 'Not answered: ' + err.message;
    }
  });
})();
`);

export function askPage(opts: { graphiql: boolean }): Html {
  const body = h`<style>${ASK_STYLE}</style>
<main><section class="wide ask">
<h2>Ask Stellar</h2>
<p class="muted">Questions about the calls, e.g. "Which calls mention Routelane?", "What did Halden Foods say about pricing?", "Which next steps are due next week?". Every claim in the answer cites the call, speaker and turn it comes from.</p>
<form id="ask-form"><input id="ask-question" type="text" name="question" maxlength="2000" autocomplete="off" placeholder="Ask a question about your calls" aria-label="Question"><button type="submit">Ask</button><button type="button" id="ask-new">New thread</button></form>
<p id="ask-status" class="muted" role="status"></p>
<ol id="ask-steps" class="steps"></ol>
<div id="ask-answer" class="answer" aria-live="polite"></div>
<ol id="ask-cites" class="cites"></ol>
<p id="ask-thread" class="thread"></p>
</section></main>
<script>${ASK_SCRIPT}</script>`;
  return layout('Ask · Stellar', body, { graphiql: opts.graphiql, refreshSeconds: 0 });
}
