/**
 * The dashboard's search results page (GET /dashboard/search?q=…): hits with
 * their highlighted snippet and citation, each linking to the call's run page.
 * Owns: that markup. Must not: run the search or read the database.
 */
import { h, trusted, type Html } from './html.ts';
import { layout, type PageOptions } from './pages.ts';
import type { SearchHit } from '../search/types.ts';

const mmss = (ms: number | null) => (ms === null ? '' : `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`);

/** ts_headline marks matches with «…»; the snippet is escaped first, then the marks become <mark>. */
function highlighted(snippet: string): Html {
  const escaped = h`${snippet}`.value;
  return trusted(escaped.replace(/«/g, '<mark>').replace(/»/g, '</mark>'));
}

export function searchPage(q: string, hits: readonly SearchHit[] | null, error: string | null, opts: PageOptions): Html {
  const results =
    error !== null
      ? h`<p class="error" role="alert">${error}</p>`
      : hits === null
        ? h`<p class="empty">Type words or a question in the search box.</p>`
        : hits.length === 0
          ? h`<p class="empty">No chunk matches “${q}”.</p>`
          : h`<ol class="hits">${hits.map(
              (x) => h`<li data-chunk="${x.chunkId}"><p><a href="${x.runId ? `/dashboard/runs/${x.runId}` : `/dashboard/search?call=${x.transcriptId}&q=${encodeURIComponent(q)}`}">${x.fileName}</a>
              · <a class="call-link" href="/dashboard/calls/${x.transcriptId}">call page</a> · ${x.account ? h`<a href="/dashboard/accounts/${encodeURIComponent(x.account)}">${x.account}</a>` : 'unknown account'}${x.meetingAt ? ` · ${x.meetingAt.slice(0, 10)}` : ''} · <b>${x.speaker}</b>${x.side ? ` (${x.side})` : ''}
              ${x.startMs !== null ? h` · at ${mmss(x.startMs)}` : null} · turns ${x.turnFrom}–${x.turnTo}</p>
              <blockquote>${highlighted(x.snippet)}</blockquote></li>`,
            )}</ol>`;
  const body = h`<main><section class="wide" id="search"><h2>Search${q ? h`: “${q}”` : null}</h2>${results}</section></main>`;
  return layout(q ? `Stellar — search: ${q}` : 'Stellar — search', body, { ...opts, q, refreshSeconds: 0 });
}
