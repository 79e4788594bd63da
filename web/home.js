// 政策文件检索 — the home view: the collection's documents (filterable), the suggested terms,
// and the files that could not be read.

import { $, el, readerUrl, loadDocs, forgetDocs, formatBadge, explainReason } from './common.js';
import { focusView, handleFailure, restoreScroll, showView } from './router.js';

// -------------------------------------------------------------------- home

let homeDocs = [];

export async function showHome(ctx) {
  showView('home');
  document.title = '政策文件检索';
  const list = $('#doc-list');
  forgetDocs(); // the collection may have changed since the last visit
  if (!homeDocs.length) list.replaceChildren(el('li', { class: 'muted', text: '加载中…' }));
  let skipped;
  try {
    const data = await loadDocs();
    homeDocs = sortDocs(data.docs);
    skipped = data.skipped;
    renderSuggestions(data.suggestions);
  } catch (err) {
    if (!handleFailure(err, ctx)) list.replaceChildren();
    focusView($('#home-title'), ctx);
    return;
  }
  if (ctx.stale()) return;
  $('#doc-count').textContent = `(共 ${homeDocs.length} 篇)`;
  renderDocList();
  renderSkipped(skipped);
  restoreScroll(ctx.opts.scrollY);
  focusView($('#home-title'), ctx);
}

// Terms the index holds, each with how widely: every suggestion finds something.
function renderSuggestions(suggestions) {
  const box = $('#suggestions');
  box.hidden = !suggestions.length;
  $('#suggestion-list').replaceChildren(...suggestions.flatMap((s) => [' ', el('a', {
    class: 'example',
    href: '/?q=' + encodeURIComponent(s.term),
    'data-nav': true,
    title: `${s.documents} 篇文件、${s.paragraphs} 段提到`,
    text: s.term,
  })]));
}

// Newest first; undated documents last, then by title.
function sortDocs(docs) {
  return docs.slice().sort((a, b) =>
    (b.date || '').localeCompare(a.date || '') || String(a.title).localeCompare(String(b.title), 'zh'));
}

// What a 公文 is, in one line: 文种 · 发文机关 · 发文字号 (whichever are known).
function docFacts(d) {
  const facts = [d.kind, d.issuer, d.doc_number].filter(Boolean);
  return facts.length ? el('span', { class: 'doc-facts', text: facts.join(' · ') }) : null;
}

export function renderDocList() {
  const needle = $('#doc-filter').value.trim().toLowerCase();
  const docs = needle
    ? homeDocs.filter((d) => [d.title, d.id, d.kind, d.issuer, d.doc_number].join(' ').toLowerCase().includes(needle))
    : homeDocs;
  const items = docs.map((d) => el('li', { class: 'doc-item' }, [
    el('span', { class: 'doc-name' }, [
      el('a', { class: 'doc-title', href: readerUrl(d.id), 'data-nav': true, text: d.title || d.id }),
      formatBadge(d.id, d.format),
      docFacts(d),
    ]),
    el('span', { class: 'doc-meta' }, [
      el('span', { class: 'doc-date', text: d.date || '日期不详' }),
      d.pages ? el('span', { class: 'doc-pages', text: `${d.pages} 页` }) : null,
      el('span', { class: 'doc-paras', text: `${d.paragraphs} 段` }),
    ]),
  ]));
  if (!items.length) {
    items.push(el('li', { class: 'muted', text: homeDocs.length ? '没有匹配的文件。' : '尚未收录任何文件。' }));
  }
  $('#doc-list').replaceChildren(...items);
}

// Corpus files that are not in the index, collapsed under the list: for whoever keeps
// the collection, so that a scan without text or a locked PDF does not go missing unnoticed.
function renderSkipped(skipped) {
  const box = $('#skipped-box');
  const files = (skipped || []).slice().sort((a, b) => String(a.id).localeCompare(String(b.id), 'zh'));
  box.hidden = files.length === 0;
  $('#skipped-count').textContent = String(files.length);
  $('#skipped-list').replaceChildren(...files.map((f) => {
    const { text, detail } = explainReason(f.reason);
    return el('li', { class: 'skipped-item', title: String(f.reason || '') }, [
      el('span', { class: 'skipped-id', text: String(f.id) }),
      el('span', { class: 'skipped-reason' }, [
        text,
        detail ? el('span', { class: 'skipped-detail', text: `（${detail}）` }) : null,
      ]),
    ]);
  }));
}
