// 政策文件检索 — browser UI (an ES module: index.html loads it as type="module", and it
// imports the rest).
//
// One page, three views chosen from the URL alone, so any link reproduces
// what was on screen:
//   /                              home (intro, examples, document list)      home.js
//   /?q=…&doc=…&kind=…&issuer=…&section=…&from=…&to=…&sort=date&view=doc&page=N   search   search.js
//   /?read=1&doc=ID&p=N&q=…        reader for one document                    reader.js
//   /?tool=trends|compare|similar…  research views (research.js)
// router.js renders the view the URL names; common.js holds what they all use. This file: the
// help panel's analyzer, the page's event handlers, and starting up.
//
// Safety rule: only the server's pre-escaped `snippet` and `html` fields are
// inserted as HTML. Everything else (titles, sections, ids, text) goes
// through textContent, because documents may contain markup such as <script>.

import { $, el, readState, searchUrl, fetchJSON, showError } from './common.js';
import { navigate, render } from './router.js';
import { renderDocList } from './home.js';
import { goToPage, toggleFacet } from './search.js';
import { jumpMatch, selectParagraph } from './reader.js';

const NARROW = window.matchMedia('(max-width: 760px)');

// ------------------------------------------------------------------ analyze

async function runAnalyze(event) {
  event.preventDefault();
  const text = $('#analyze-input').value.trim();
  const out = $('#analyze-output');
  if (!text) { out.hidden = true; return; }
  try {
    const data = await fetchJSON('/api/analyze?text=' + encodeURIComponent(text));
    const row = (label, value) => el('div', { class: 'analyze-row' }, [
      el('span', { class: 'analyze-label', text: label }),
      el('span', { class: 'analyze-value', text: value }),
    ]);
    const join = (list) => (Array.isArray(list) && list.length ? list.join(' / ') : '—');
    out.replaceChildren(
      row('归一化', data.folded || ''),
      row('分词', join(data.words)),
      row('词典词', join(data.known_words)),
      row('二元组', join(data.bigrams)),
    );
    out.hidden = false;
  } catch (err) {
    showError(err.message || String(err));
  }
}

// ------------------------------------------------------------------ events

function onSubmit(event) {
  event.preventDefault();
  const q = $('#q').value.trim();
  if (!q) { navigate('/'); return; }
  const s = readState();
  // A new query keeps the search's filters, sort and view (they are shown
  // as chips), but not a document that was merely open in the reader.
  const next = s.read
    ? { q, page: 1 }
    : Object.assign({}, s, { q, page: 1 });
  navigate(searchUrl(next));
}

// Intercept plain left clicks on in-app links; modified clicks (new tab)
// keep working because every link has a real href.
function onLinkClick(event) {
  const link = event.target.closest('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0
    || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const href = link.getAttribute('href');
  const state = window.history.state;
  if (link.classList.contains('reader-back') && state && state.back === href) {
    window.history.back();
    return;
  }
  navigate(href);
}

function onKeyDown(event) {
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.isComposing) {
    const t = event.target;
    if (t instanceof Element && (t.closest('input, textarea, select') || t.isContentEditable)) return;
    event.preventDefault();
    const q = $('#q');
    q.focus();
    q.select();
  } else if (event.key === 'Escape' && !$('#help').hidden) {
    // Closing the panel would drop a focus inside it on the body: give it to the toggle.
    const inside = $('#help').contains(document.activeElement);
    toggleHelp(false);
    if (inside) $('#help-toggle').focus();
  }
}

function toggleHelp(show) {
  const help = $('#help');
  const open = typeof show === 'boolean' ? show : help.hidden;
  help.hidden = !open;
  $('#help-toggle').setAttribute('aria-expanded', String(open));
}

// Facets and the outline are <details>: always open on wide screens (the
// summary is hidden there by CSS), collapsed by default on phones.
function syncCollapsibles() {
  for (const id of ['facets-box', 'outline-box']) $('#' + id).open = !NARROW.matches;
}

function bindEvents() {
  $('#search-form').addEventListener('submit', onSubmit);
  document.addEventListener('click', onLinkClick);
  document.addEventListener('keydown', onKeyDown);
  window.addEventListener('popstate', () => {
    const y = window.history.state && window.history.state.scrollY;
    render({ scrollY: typeof y === 'number' ? y : undefined, focus: true });
  });

  $('#help-toggle').addEventListener('click', () => toggleHelp());
  $('#analyze-form').addEventListener('submit', runAnalyze);

  $('#facets').addEventListener('click', (event) => {
    const more = event.target.closest('.facet-more');
    if (more) {
      const group = more.closest('.facet-group');
      const expanded = group.classList.toggle('expanded');
      more.textContent = expanded ? '收起' : `展开全部(${group.querySelectorAll('.facet').length})`;
      more.setAttribute('aria-expanded', String(expanded));
      return;
    }
    const facet = event.target.closest('.facet');
    if (facet) toggleFacet(facet.dataset.kind, facet.dataset.value);
  });

  $('#sort').addEventListener('change', (event) => {
    navigate(searchUrl(Object.assign(readState(), { sort: event.target.value, page: 1 })), { focus: false });
  });
  $('#view-toggle').addEventListener('click', (event) => {
    const btn = event.target.closest('button[data-view]');
    if (!btn) return;
    const s = readState();
    if (s.view !== btn.dataset.view) {
      navigate(searchUrl(Object.assign(s, { view: btn.dataset.view, page: 1 })), { focus: false });
    }
  });
  $('#pager .prev').addEventListener('click', () => goToPage(-1));
  $('#pager .next').addEventListener('click', () => goToPage(1));

  $('#doc-filter').addEventListener('input', renderDocList);

  $('#outline').addEventListener('click', (event) => {
    const link = event.target.closest('a[data-p]');
    if (!link) return;
    event.preventDefault(); // a #hash change would add a history entry
    if (NARROW.matches) $('#outline-box').open = false; // get the list out of the way on phones
    selectParagraph(Number(link.dataset.p));
  });
  $('#reader-text').addEventListener('click', (event) => {
    const num = event.target.closest('.para-num');
    if (!num || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    selectParagraph(Number(num.closest('.para').dataset.p), { scroll: false });
  });
  $('.match-prev').addEventListener('click', () => jumpMatch(-1));
  $('.match-next').addEventListener('click', () => jumpMatch(1));

  NARROW.addEventListener('change', syncCollapsibles);
}

function init() {
  // Scroll positions are restored by hand, after the async re-render.
  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
  bindEvents();
  syncCollapsibles();
  const y = window.history.state && window.history.state.scrollY;
  render({ scrollY: typeof y === 'number' ? y : undefined });
  const q = $('#q');
  q.focus();
  q.setSelectionRange(q.value.length, q.value.length);
}

init();
