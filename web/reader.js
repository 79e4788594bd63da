// 政策文件检索 — the reader: one document with its facts, versions, related documents, outline,
// paragraphs (pages, citations), the link to the original file, and stepping through matches.

import {
  $, el, readState, searchUrl, readerUrl, apiDocUrl, originalUrl, fetchJSON, formatOf, formatLabel,
  scrollBehavior,
} from './common.js';
import { focusView, handleFailure, restoreScroll, showView } from './router.js';

// ------------------------------------------------------------------ reader

let marks = [];
let markIndex = -1;
// The open document: its id, format and the page each paragraph starts on.
let readerDoc = { id: '', format: '', pages: new Map() };

export async function showReader(s, ctx) {
  showView('reader');
  setBackLink(s);
  const text = $('#reader-text');
  $('#reader-title').textContent = '';
  $('#reader-meta').replaceChildren();
  $('#related').hidden = true;
  $('#outline').replaceChildren();
  $('.match-nav').hidden = true;
  $('#reader-original').hidden = true;
  text.replaceChildren(el('p', { class: 'muted', text: '加载中…' }));
  restoreScroll(0);

  let data;
  try {
    data = await fetchJSON(apiDocUrl(s.doc, s.q), ctx.signal);
  } catch (err) {
    if (!handleFailure(err, ctx)) {
      $('#reader-title').textContent = '无法打开文档';
      text.replaceChildren(el('p', { class: 'muted', text: s.doc }));
      focusView($('#reader-title'), ctx);
    }
    return;
  }
  if (ctx.stale()) return;

  const meta = data.metadata || {};
  const id = data.id || s.doc;
  const title = meta.title || id;
  document.title = `${title} - 政策文件检索`;
  $('#reader-title').textContent = title;
  const paras = Array.isArray(data.paragraphs) ? data.paragraphs : [];
  readerDoc = {
    id,
    format: formatOf(id, meta.format),
    pages: new Map(paras.filter((p) => p.page).map((p) => [p.paragraph, p.page])),
  };
  renderMeta(meta, id, data.validity);
  renderVersions(id, data.validity);
  renderRelated(Array.isArray(data.links) ? data.links : []);
  renderOutline(paras);
  renderParagraphs(id, paras, s, data.article_citations || {});
  updateOriginalLink(s.p);
  setupMatches(s);

  const target = s.p ? document.getElementById('p-' + s.p) : null;
  if (ctx.opts.scrollY) restoreScroll(ctx.opts.scrollY);
  else if (target) target.scrollIntoView({ block: 'center' });
  else if (marks.length) jumpMatch(1);
  focusView($('#reader-title'), ctx);
}

// 返回 goes back in history when that is where we came from (keeps the
// result list's scroll position); otherwise to the query's results or home.
function setBackLink(s) {
  const link = $('.reader-back');
  const back = window.history.state && window.history.state.back;
  const href = back || (s.q ? searchUrl({ q: s.q, page: 1 }) : '/');
  link.setAttribute('href', href);
  link.textContent = readState(href.slice(1)).q ? '‹ 返回结果' : '‹ 返回首页';
}

function renderMeta(meta, id, validity) {
  const label = formatLabel(id, meta.format);
  // A 公文's own facts first (文种, 发文机关, 发文字号), as its head shows them.
  const history = Array.isArray(meta.history) ? meta.history : [];
  const rows = [
    ['文种', meta.kind],
    ['发文机关', meta.issuer],
    ['发文字号', meta.doc_number],
    ['效力级别', meta.level],
    ['时效性', validity ? validity.status : ''],
    ['日期', meta.date],
    ['公布日期', meta.promulgated !== meta.date ? meta.promulgated : ''],
    ['施行日期', meta.effective],
    ['题注', history.map((e) => e.text).join('\n')],
    ['成文日期', meta.written !== meta.date ? meta.written : ''],
    ['发布日期', meta.published !== meta.date ? meta.published : ''],
    ['索引号', meta.index_number],
    ['来源', meta.source],
    ['格式', label],
    ['页数', meta.pages ? `${meta.pages} 页` : ''],
  ];
  const nodes = [];
  for (const [label, value] of rows) {
    if (!value) continue;
    // Only http(s) sources become links; anything else is shown as text.
    const content = label === '来源' && /^https?:\/\//i.test(value)
      ? el('a', { href: value, rel: 'noopener noreferrer', target: '_blank', text: value })
      : String(value);
    nodes.push(el('div', { class: 'meta-row' }, [el('dt', { text: label }), el('dd', {}, content)]));
  }
  $('#reader-meta').replaceChildren(...nodes);
  setupOriginalLink(id, label);
}

// 历史版本: every version of a law in the corpus, newest first, the open one marked; 新旧对照
// compares the open version with another, article by article.
function renderVersions(id, validity) {
  const box = $('#versions');
  const versions = validity && Array.isArray(validity.versions) ? validity.versions : [];
  box.hidden = versions.length === 0;
  $('#versions-list').replaceChildren(...versions.map((v) => {
    const facts = [v.date && `${v.date} 版`, v.effective && `${v.effective} 施行`].filter(Boolean).join(' · ');
    const here = v.doc === id;
    return el('li', { class: 'related-item' }, [
      here ? el('strong', { text: `${v.title}（本版本）` })
        : el('a', { href: readerUrl(v.doc), 'data-nav': true, text: v.title || v.doc }),
      facts ? el('span', { class: 'muted related-facts', text: facts }) : null,
      here ? null : el('a', {
        class: 'related-facts',
        // The older version is A, the newer B.
        href: '/?' + new URLSearchParams({
          tool: 'compare', ...(v.date <= (validity.versions.find((x) => x.doc === id) || {}).date
            ? { a: v.doc, b: id } : { a: id, b: v.doc }), by: 'article',
        }).toString(),
        'data-nav': true,
        text: '新旧对照',
      }),
    ]);
  }));
}

// How each linked document stands to the open one (see search::links on the server).
const RELATIONS = {
  issues: '本文印发',
  issued_by: '印发本文的通知',
  mentions: '本文提及',
  mentioned_by: '提及本文',
  cites: '本文引用其文号',
  cited_by: '引用本文文号',
};

// Documents of the corpus this one issues, names or cites, and those that issue, name or cite it.
function renderRelated(links) {
  const box = $('#related');
  box.hidden = links.length === 0;
  $('#related-list').replaceChildren(...links.map((l) => {
    const facts = [l.doc_number, l.date].filter(Boolean).join(' · ');
    const also = Array.isArray(l.also) && l.also.length
      ? `（另有 ${l.also.length} 种格式）` : '';
    return el('li', { class: 'related-item', dataset: { relation: l.relation } }, [
      el('span', { class: 'related-relation', text: RELATIONS[l.relation] || l.relation }),
      el('a', { href: readerUrl(l.doc), 'data-nav': true, text: l.title || l.doc }),
      facts || also ? el('span', { class: 'muted related-facts', text: `${facts}${also}` }) : null,
    ]);
  }));
}

// The original file, in the sticky bar so that it is at hand at any paragraph. A PDF opens
// in the browser's viewer (at a page, see updateOriginalLink); other formats are downloaded:
// browsers cannot show DOCX/DOC/OFD, and a stored HTML page is not to run in this origin.
function setupOriginalLink(id, label) {
  const link = $('#reader-original');
  const name = String(id).split('/').pop();
  link.setAttribute('href', originalUrl(id));
  for (const attr of ['target', 'rel', 'download']) link.removeAttribute(attr);
  if (readerDoc.format === 'pdf') {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener');
    link.title = `在新标签页中打开 ${label} 原文`;
    link.textContent = '打开原文';
  } else {
    link.setAttribute('download', name);
    link.title = `下载${label ? ' ' + label + ' ' : ''}原文：${name}`;
    link.textContent = label ? `下载原文（${label}）` : '下载原文';
  }
  link.hidden = false;
}

// The PDF link opens at the selected paragraph's page.
function updateOriginalLink(paragraph) {
  const link = $('#reader-original');
  if (!link || readerDoc.format !== 'pdf') return;
  const page = readerDoc.pages.get(paragraph);
  link.setAttribute('href', originalUrl(readerDoc.id, page));
  link.textContent = page ? `打开原文第 ${page} 页` : '打开原文（PDF）';
  link.title = page ? `在新标签页中打开 PDF 原文第 ${page} 页（第 ${paragraph} 段所在页）` : '在新标签页中打开 PDF 原文';
}

// Top- and second-level headings from the paragraphs' section paths; each
// entry points to the first paragraph of that section and counts matches.
function buildOutline(paras) {
  const entries = [];
  let prev = [];
  let current = [null, null];
  for (const p of paras) {
    const sec = Array.isArray(p.section) ? p.section : [];
    for (let level = 0; level < Math.min(2, sec.length); level++) {
      const changed = sec.slice(0, level + 1).some((t, i) => t !== prev[i]);
      if (changed) {
        const entry = { level, title: sec[level], paragraph: p.paragraph, matches: 0 };
        entries.push(entry);
        current[level] = entry;
        if (level === 0) current[1] = null;
      }
    }
    current = current.map((entry, level) => (level < sec.length ? entry : null));
    for (const entry of current) if (entry) entry.matches += p.matches || 0;
    prev = sec;
  }
  return entries;
}

function renderOutline(paras) {
  const entries = buildOutline(paras);
  const nav = $('#outline');
  if (!entries.length) {
    nav.replaceChildren(el('p', { class: 'muted', text: '本文没有可识别的章节标题。' }));
    return;
  }
  nav.replaceChildren(el('ol', {}, entries.map((e) => el('li', { class: `outline-item level-${e.level + 1}` },
    el('a', { href: `#p-${e.paragraph}`, dataset: { p: String(e.paragraph) }, title: e.title }, [
      el('span', { class: 'outline-title', text: e.title }),
      e.matches ? el('span', { class: 'outline-count', title: `${e.matches} 处匹配`, text: String(e.matches) }) : null,
    ])))));
}

// In paged documents a divider marks where each page starts; in a PDF it opens that page.
function pageMarker(docId, page) {
  const text = `第 ${page} 页`;
  const label = readerDoc.format === 'pdf'
    ? el('a', {
      class: 'page-label', href: originalUrl(docId, page), target: '_blank', rel: 'noopener',
      title: `在新标签页中打开原文第 ${page} 页`, text,
    })
    : el('span', { class: 'page-label', text });
  return el('div', { class: 'page-marker', id: `page-${page}`, dataset: { page: String(page) } }, label);
}

function renderParagraphs(docId, paras, s, citations) {
  const nodes = [];
  let page = 0;
  let article = null;
  const citedBy = citations.cited_by || {};
  const cites = new Map();
  for (const c of citations.cites || []) {
    if (!cites.has(c.paragraph)) cites.set(c.paragraph, []);
    cites.get(c.paragraph).push(c);
  }
  for (const p of paras) {
    if (p.page && p.page !== page) {
      page = p.page;
      nodes.push(pageMarker(docId, page));
    }
    const node = paragraphNode(docId, p, s);
    // The articles this paragraph cites, each a link to it.
    const own = cites.get(p.paragraph);
    if (own) {
      node.append(el('div', { class: 'para-cites muted' }, ['引用：', ...own.flatMap((c, i) => [
        i ? '、' : '',
        // Opens the cited document at the article: its heading is the first match of 第N条.
        el('a', { href: readerUrl(c.doc, 0, c.citation.split('》').pop()), 'data-nav': true, text: c.citation }),
      ])]));
    }
    // 引用本条: under an article's first paragraph, the paragraphs of the corpus citing it.
    if (p.article && p.article !== article) {
      article = p.article;
      node.dataset.article = String(p.article);
      const by = citedBy[String(p.article)] || [];
      if (by.length) {
        node.append(el('details', { class: 'cited-by' }, [
          el('summary', { class: 'muted', text: `引用本条（${by.length}）` }),
          el('ul', {}, by.map((c) => el('li', {}, [
            el('a', { href: readerUrl(c.doc, c.paragraph), 'data-nav': true, text: `${c.title} 第 ${c.paragraph} 段` }),
          ]))),
        ]));
      }
    }
    nodes.push(node);
  }
  if (!nodes.length) nodes.push(el('p', { class: 'muted', text: '此文档没有正文段落。' }));
  $('#reader-text').replaceChildren(...nodes);
}

function paragraphNode(docId, p, s) {
  const sec = Array.isArray(p.section) ? p.section : [];
  // A paragraph that is exactly its own section title is a heading.
  const isHeading = sec.length > 0 && sec[sec.length - 1].trim() === String(p.text || '').trim();
  const classes = ['para'];
  if (isHeading) classes.push('para-heading', `level-${Math.min(sec.length, 3)}`);
  if (p.paragraph === s.p) classes.push('target');
  if (p.matches) classes.push('has-match');
  return el('div', { class: classes.join(' '), id: `p-${p.paragraph}`, dataset: { p: String(p.paragraph) } }, [
    el('a', {
      class: 'para-num',
      href: readerUrl(docId, p.paragraph, s.q),
      title: `第 ${p.paragraph} 段${p.page ? `（第 ${p.page} 页）` : ''}${p.citation ? ` · ${p.citation}` : ''} · 点击把本段链接放入地址栏`,
      text: String(p.paragraph),
    }),

    // `html` is escaped by the server, with <mark> around query matches.
    p.html != null
      ? el('div', { class: 'para-text', html: p.html })
      : el('div', { class: 'para-text', text: p.text || '' }),
    // A paragraph of an article says how to cite it when it is the selected one (CSS).
    p.citation ? el('div', { class: 'para-citation muted', text: `引用：${p.citation}` }) : null,
  ]);
}

// Mark a paragraph as the target and put it in the URL (replaceState: a
// click inside the reader is not worth a back-button step).
export function selectParagraph(n, { scroll = true } = {}) {
  const node = document.getElementById('p-' + n);
  if (!node) return;
  for (const old of document.querySelectorAll('#reader-text .para.target')) old.classList.remove('target');
  node.classList.add('target');
  const s = readState();
  const url = readerUrl(s.doc, n, s.q);
  window.history.replaceState(window.history.state, '', url);
  updateOriginalLink(n);
  if (scroll) node.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
}

function setupMatches(s) {
  marks = Array.from(document.querySelectorAll('#reader-text mark'));
  markIndex = -1;
  const nav = $('.match-nav');
  nav.hidden = !s.q;
  $('.match-prev').disabled = $('.match-next').disabled = marks.length === 0;
  $('#match-count').textContent = marks.length ? `本文共 ${marks.length} 处匹配` : '本文无匹配';
}

// Step through the <mark>s. The first step starts from what is on screen,
// so it follows the reader's own scrolling.
export function jumpMatch(delta) {
  if (!marks.length) return;
  if (markIndex < 0) {
    const line = stickyOffset() + 8;
    const below = marks.findIndex((m) => m.getBoundingClientRect().top >= line);
    if (delta > 0) markIndex = below < 0 ? 0 : below;
    else markIndex = below <= 0 ? marks.length - 1 : below - 1;
  } else {
    markIndex = (markIndex + delta + marks.length) % marks.length;
  }
  for (const m of marks) m.classList.remove('current');
  const mark = marks[markIndex];
  mark.classList.add('current');
  mark.scrollIntoView({ block: 'center' });
  $('#match-count').textContent = `第 ${markIndex + 1} / ${marks.length} 处`;
}

function stickyOffset() {
  const bar = $('.reader-bar');
  return bar ? bar.getBoundingClientRect().bottom : 0;
}
