// 政策文件检索 — the search view: the documents the query names, the paragraphs found (or one
// row per document), facets, the active filters as chips, and the pager.

import {
  $, el, PAGE_SIZE, FILTER_KEYS, readState, searchUrl, readerUrl, apiSearchUrl, hasFilters, isYear,
  fetchJSON, loadDocs, docTitles, docDates, formatBadge, formatLabel,
} from './common.js';
import { focusView, handleFailure, navigate, restoreScroll, showView } from './router.js';
import { searchTools, similarLink } from './research.js';

// In the sidebar's order; `kind` here is the facet's name (the API's `facets.<kind>` and the
// URL parameter it filters by), one of which is the 文种 facet `kind`.
const FACET_GROUPS = [
  { kind: 'doc', label: '文档' },
  { kind: 'kind', label: '文种' },
  { kind: 'issuer', label: '发文机关' },
  { kind: 'level', label: '效力级别' },
  { kind: 'status', label: '时效性' },
  { kind: 'section', label: '章节' },
  { kind: 'region', label: '地区' },
  { kind: 'year', label: '年份' },
];
const LAW_FACETS = new Set(['level', 'status']);
const FACET_VISIBLE = 8; // longer facet lists get a "展开" button

// ------------------------------------------------------------------ search

export async function showSearch(s, ctx) {
  showView('search');
  document.title = `${s.q} - 政策文件检索`;
  $('#sort').value = s.sort;
  for (const btn of $('#view-toggle').querySelectorAll('button')) {
    const on = btn.dataset.view === s.view;
    btn.setAttribute('aria-pressed', String(on));
    btn.classList.toggle('active', on);
  }
  renderChips(s);
  const col = $('.results-col');
  col.classList.add('is-loading'); // dim the old results instead of blanking them
  if (!$('#results').childElementCount) $('#status').textContent = '检索中…';
  let data;
  try {
    // The docs list (usually cached) says each hit's format; without it, the extension does.
    [data] = await Promise.all([fetchJSON(apiSearchUrl(s), ctx.signal), loadDocs().catch(() => null)]);
  } catch (err) {
    if (!handleFailure(err, ctx)) {
      col.classList.remove('is-loading');
      clearResults();
      $('#status').textContent = '检索失败';
      focusView($('#status'), ctx);
    }
    return;
  }
  if (ctx.stale()) return;
  col.classList.remove('is-loading');

  const facets = data.facets || {};
  for (const f of facets.doc || []) if (f.label) docTitles.set(f.value, f.label);
  const groups = Array.isArray(data.groups) ? data.groups : null;

  renderStatus(s, data, groups);
  renderDocuments(s, data);
  renderFacets(s, facets);
  renderChips(s);
  if (s.view === 'doc' && groups) renderGroups(s, data, groups);
  else renderHits(s, data);
  renderPager(s, data, groups);
  $('#search-tools-slot').replaceChildren(searchTools(s, apiSearchUrl(s)));
  restoreScroll(ctx.opts.scrollY);
  focusView($('#status'), ctx);
}

// The documents the query names (by title, short title, 文号 or issuer): cards above the
// paragraphs, the article named (民法典 第1035条) linked to its first paragraph.
const MATCHED_LABELS = { title: '标题', doc_number: '文号', issuer: '发文机关', history: '题注' };

function documentCard(d, s) {
  const first = d.article && d.article.paragraphs.length ? d.article.paragraphs[0] : 1;
  const href = readerUrl(d.id, first, s.q);
  const facts = [d.kind, d.issuer, d.doc_number, d.date].filter(Boolean);
  const matched = (d.matched || []).map((m) => MATCHED_LABELS[m] || m).join('、');
  return el('article', { class: 'doc-card' }, [
    el('div', { class: 'doc-card-head' }, [
      el('a', { class: 'doc-card-title', href, 'data-nav': true, text: d.title || d.id }),
      formatBadge(d.id, d.format),
      statusBadge(d.level, d.status),
      matched ? el('span', { class: 'via-badge', text: `${matched}命中` }) : null,
    ]),
    facts.length ? el('div', { class: 'doc-card-facts', text: facts.join(' · ') }) : null,
    d.article
      ? el('div', { class: 'doc-card-article' }, [
        el('cite', { class: 'hit-citation', text: d.article.citation }),
        el('a', { href, 'data-nav': true, text: `第 ${first} 段` }),
      ])
      : null,
  ]);
}

function renderDocuments(s, data) {
  const box = $('#documents');
  const docs = Array.isArray(data.documents) && (s.page || 1) === 1 ? data.documents : [];
  box.hidden = !docs.length;
  box.replaceChildren(...(docs.length
    ? [el('h2', { class: 'doc-cards-title', text: `命中文件 ${docs.length} 篇` }), ...docs.map((d) => documentCard(d, s))]
    : []));
}

function clearResults() {
  $('#documents').replaceChildren();
  $('#documents').hidden = true;
  $('#status').textContent = '';
  $('#results').replaceChildren();
  $('#facets').replaceChildren();
  $('#pager').hidden = true;
}

function formatMs(ms) {
  const n = Number(ms) || 0;
  return n < 100 ? n.toFixed(1) : String(Math.round(n));
}

function renderStatus(s, data, groups) {
  const parts = [`共 ${data.total} 段`];
  // The rest were found through their document's title, 文号 or issuer.
  if (typeof data.text_total === 'number' && data.text_total < data.total) {
    parts[0] += `（正文命中 ${data.text_total} 段，其余为标题/文号命中）`;
  }
  if (s.view === 'doc' && groups) parts.push(`${groupTotal(data, groups)} 篇文档`);
  parts.push(`${formatMs(data.took_ms)} 毫秒`);
  // Synonym matches rank after exact ones; say which wordings were added.
  if (Array.isArray(data.synonyms) && data.synonyms.length) {
    // Each expansion whole, in corner brackets: 「专业化、精细化、特色化、新颖化」 is one
    // way of writing 专精特新, not four synonyms.
    const shown = data.synonyms.slice(0, 4).map((x) => `「${x}」`).join('');
    parts.push(`同时检索同义写法：${shown}${data.synonyms.length > 4 ? '等' : ''}（加引号可只查原词）`);
  }
  $('#status').textContent = parts.join(' · ');
}

function hitNode(h, q) {
  const href = readerUrl(h.doc, h.paragraph, q);
  return el('li', { class: 'hit' }, [
    el('div', { class: 'hit-head' }, [
      el('a', { class: 'hit-title', href, 'data-nav': true, text: h.title || h.doc }),
      formatBadge(h.doc),
      statusBadge(h.level, h.status),
      el('span', { class: 'hit-date', text: h.date || '' }),
    ]),
    hitMeta(h, href),
    snippetNode(h),
    alsoNode(h, q),
  ]);
}

// A law's 效力级别 and 时效性 (现行有效, 已修改, 已废止, 尚未生效), as a badge.
function statusBadge(level, status) {
  if (!level && !status) return null;
  return el('span', {
    class: 'status-badge',
    dataset: { status: status || '' },
    title: '效力级别 · 时效性',
    text: [level, status].filter(Boolean).join(' · '),
  });
}

function hitMeta(h, href) {
  return el('div', { class: 'hit-meta' }, [
    // How to cite an article's paragraph: 《专利代理条例》第二十五条.
    h.citation ? el('cite', { class: 'hit-citation', title: '引用', text: h.citation }) : null,
    // Found through its document's title, 文号 or issuer, or through the article it is in.
    h.via && h.via !== 'text'
      ? el('span', { class: 'via-badge', text: h.via === 'document' ? '标题命中' : '条文命中' })
      : null,
    el('span', { class: 'hit-section', text: (h.section || []).join(' › ') }),
    el('a', { class: 'hit-para', href, 'data-nav': true, text: `第 ${h.paragraph} 段` }),
    h.page ? el('span', { class: 'hit-page', text: `第 ${h.page} 页` }) : null,
    similarLink(h),
  ]);
}

// The same document in other formats (hidden from the list): each opens at this paragraph.
function alsoNode(h, q) {
  const others = Array.isArray(h.also) ? h.also : [];
  if (!others.length) return null;
  const labels = others.map((id) => formatLabel(id) || '其他');
  const all = [formatLabel(h.doc)].concat(labels);
  const links = others.map((id, i) => {
    // Two files of one format (this hit's included) are told apart by their names.
    const twin = all.indexOf(labels[i]) !== all.lastIndexOf(labels[i]);
    return el('a', {
      class: 'also-link',
      href: readerUrl(id, h.paragraph, q),
      'data-nav': true,
      title: `${id} · 第 ${h.paragraph} 段`,
      text: twin ? `${labels[i]}（${id}）` : labels[i],
    });
  });
  return el('div', { class: 'hit-also' }, [el('span', { class: 'hit-also-label', text: '其他格式：' }), ...links]);
}

function snippetNode(h) {
  // `snippet` is escaped by the server, with <mark> around matches.
  return h.snippet != null
    ? el('p', { class: 'hit-snippet', html: h.snippet })
    : el('p', { class: 'hit-snippet', text: h.text || '' });
}

function renderHits(s, data) {
  const hits = Array.isArray(data.hits) ? data.hits : [];
  const list = $('#results');
  list.classList.remove('grouped');
  list.replaceChildren(...(hits.length ? hits.map((h) => hitNode(h, s.q)) : [emptyNode(s, data)]));
}

// One row per document: title, count, its best few paragraphs, and a
// shortcut to filter the paragraph list to that document.
function groupNode(g, s) {
  const hits = (g.hits || []).slice(0, 3);
  const first = hits[0] ? hits[0].paragraph : 0;
  const filtered = Object.assign({}, s, { doc: g.doc, view: 'para', page: 1 });
  return el('li', { class: 'group' }, [
    el('div', { class: 'group-head' }, [
      el('a', { class: 'group-title', href: readerUrl(g.doc, first, s.q), 'data-nav': true, text: g.title || g.doc }),
      formatBadge(g.doc),
      el('span', { class: 'group-date', text: g.date || '' }),
      el('span', { class: 'group-count', text: `${g.count} 段` }),
    ]),
    el('ul', { class: 'group-hits' }, hits.map((h) =>
      el('li', { class: 'group-hit' }, [
        hitMeta(h, readerUrl(h.doc, h.paragraph, s.q)), snippetNode(h), alsoNode(h, s.q),
      ]))),
    g.count > hits.length
      ? el('a', { class: 'group-more', href: searchUrl(filtered), 'data-nav': true, text: `查看该文档全部 ${g.count} 段 ›` })
      : null,
  ]);
}

function renderGroups(s, data, groups) {
  const list = $('#results');
  list.classList.add('grouped');
  list.replaceChildren(...(groups.length ? groups.map((g) => groupNode(g, s)) : [emptyNode(s, data)]));
}

function emptyNode(s, data) {
  if (data.total > 0) {
    // Past the last page (e.g. an edited URL): point back to page 1.
    return el('li', { class: 'empty' }, [
      el('p', { text: '这一页没有结果。' }),
      el('a', { href: searchUrl(Object.assign({}, s, { page: 1 })), 'data-nav': true, text: '回到第 1 页' }),
    ]);
  }
  const tips = [];
  tips.push('已检索:每个段落的正文,以及每篇文件的标题(含简称)、发文字号和发文机关。');
  if (/\s/.test(s.q)) tips.push('减少检索词:以空格分隔的各部分必须同时出现在同一段落中(或出现在其所在文件的标题中)。');
  tips.push('换用更短、更常见的词,例如把「低空经济产业集群」改为「低空经济」。');
  if (s.q.includes('"') || s.q.includes('“')) tips.push('去掉引号,不再要求精确短语。');
  tips.push('检查是否有错别字。繁体/简体、全角/半角已自动统一,无需另行尝试。');
  const items = tips.map((t) => el('li', { text: t }));
  if (hasFilters(s)) {
    items.push(el('li', {}, [
      '移除筛选条件后再试:',
      el('button', { type: 'button', class: 'clear-filters link-button', text: '清除全部筛选', onclick: clearFilters }),
    ]));
  }
  return el('li', { class: 'empty' }, [
    el('p', { class: 'empty-title' }, ['未找到与“', el('strong', { text: s.q }), '”相关的段落。']),
    el('p', { class: 'muted', text: '可以尝试:' }),
    el('ul', { class: 'empty-tips' }, items),
  ]);
}

// ------------------------------------------------------------------ facets

// The year facet is the year a document is about (its title's 2026年…报告, else its date's).
function isFacetActive(s, kind, value) {
  return s[kind] === value;
}

// Clicking a facet applies it; clicking the active one removes it.
export function toggleFacet(kind, value) {
  const s = readState();
  const active = isFacetActive(s, kind, value);
  s[kind] = active ? '' : value;
  s.page = 1;
  navigate(searchUrl(s));
}

function facetItems(facets, kind) {
  const items = Array.isArray(facets[kind]) ? facets[kind].slice() : [];
  if (kind === 'year') items.sort((a, b) => String(b.value).localeCompare(String(a.value)));
  return items;
}

function renderFacets(s, facets) {
  const groups = FACET_GROUPS.map(({ kind, label }) => {
    const items = facetItems(facets, kind);
    // 效力级别 and 时效性 are for laws: a corpus of reports has none to show.
    if (LAW_FACETS.has(kind) && !items.length && !s[kind]) return null;
    // One title in several formats is told apart by the format badge; versions of one law
    // (one title, one format) by their dates.
    const sameTitle = (f) => `${f.label}\u0000${formatLabel(String(f.value))}`;
    const titleCount = new Map();
    for (const f of items) titleCount.set(sameTitle(f), (titleCount.get(sameTitle(f)) || 0) + 1);
    const buttons = items.map((f, i) => {
      const value = String(f.value);
      let text = kind === 'doc' ? (f.label || value) : value;
      if (kind === 'doc' && f.label && titleCount.get(sameTitle(f)) > 1 && docDates.has(value)) {
        text = `${f.label}（${docDates.get(value)}）`;
      }
      const active = isFacetActive(s, kind, value);
      return el('li', { class: i >= FACET_VISIBLE ? 'facet-extra' : null }, el('button', {
        type: 'button',
        class: 'facet' + (active ? ' active' : ''),
        'aria-pressed': String(active),
        title: active ? `取消筛选:${text}` : text,
        dataset: { kind, value },
      }, [
        el('span', { class: 'facet-label', text }),
        // The same title in several formats is told apart by the format.
        kind === 'doc' ? formatBadge(value) : null,
        el('span', { class: 'facet-count', text: String(f.count) }),
      ]));
    });
    const more = items.length > FACET_VISIBLE
      ? el('button', { type: 'button', class: 'facet-more link-button', 'aria-expanded': 'false', text: `展开全部(${items.length})` })
      : null;
    return el('section', { class: 'facet-group', dataset: { kind } }, [
      el('h3', { text: label }),
      items.length ? el('ul', { class: 'facet-list' }, buttons) : el('p', { class: 'muted facet-none', text: '无' }),
      more,
    ]);
  });
  $('#facets').replaceChildren(...groups.filter(Boolean));
}

// ------------------------------------------------------------------ chips

// A document's title, with its date when another document of the corpus in its format has the
// same title (the versions of one law).
function docName(id) {
  const title = docTitles.get(id);
  if (!title) return id;
  const format = formatLabel(id);
  const twins = [...docTitles].filter(([other, t]) => t === title && formatLabel(other) === format);
  return twins.length > 1 && docDates.has(id) ? `${title}（${docDates.get(id)}）` : title;
}

function renderChips(s) {
  const chips = [];
  const chip = (key, value, clear) => chips.push(el('button', {
    type: 'button',
    class: 'chip',
    title: '移除此筛选',
    'aria-label': `移除筛选 ${key}:${value}`,
    onclick: () => navigate(searchUrl(Object.assign({}, readState(), clear, { page: 1 }))),
  }, [
    el('span', { class: 'chip-key', text: key }),
    el('span', { class: 'chip-value', text: value }),
    el('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }),
  ]));

  if (s.doc) chip('文档', docName(s.doc), { doc: '' });
  if (s.kind) chip('文种', s.kind, { kind: '' });
  if (s.issuer) chip('发文机关', s.issuer, { issuer: '' });
  if (s.level) chip('效力级别', s.level, { level: '' });
  if (s.status) chip('时效性', s.status, { status: '' });
  if (s.section) chip('章节', s.section, { section: '' });
  if (s.region) chip('地区', s.region, { region: '' });
  if (s.year) chip('年份', s.year, { year: '' });
  if (s.from && s.from === s.to && isYear(s.from)) chip('年份', s.from, { from: '', to: '' });
  else if (s.from || s.to) chip('日期', `${s.from || '…'} 至 ${s.to || '…'}`, { from: '', to: '' });

  const box = $('#active-filters');
  $('#facets-summary').textContent = chips.length ? `(已选 ${chips.length} 项)` : '';
  if (chips.length > 1) {
    chips.push(el('button', { type: 'button', class: 'clear-filters link-button', text: '清除全部', onclick: clearFilters }));
  }
  box.replaceChildren(...chips);
  box.hidden = chips.length === 0;
}

function clearFilters() {
  const s = readState();
  for (const key of FILTER_KEYS) s[key] = '';
  s.page = 1;
  navigate(searchUrl(s));
}

// ------------------------------------------------------------------ pager

// Number of documents in the grouped view. The contract gives only the
// paragraph total, so prefer an explicit group count, else the doc facet.
function groupTotal(data, groups) {
  if (Number.isFinite(data.total_groups)) return data.total_groups;
  const docFacet = data.facets && Array.isArray(data.facets.doc) ? data.facets.doc.length : 0;
  return Math.max(docFacet, groups.length);
}

function renderPager(s, data, groups) {
  const pager = $('#pager');
  let items = data.total;
  if (s.view === 'doc' && groups) {
    if (groups.length > PAGE_SIZE) {
      items = 0; // the server sent every group at once: nothing to page
    } else {
      // The doc facet may be truncated, so a full page always allows 下一页.
      const seen = (s.page - 1) * PAGE_SIZE + groups.length;
      const more = !Number.isFinite(data.total_groups) && groups.length === PAGE_SIZE ? 1 : 0;
      items = Math.max(groupTotal(data, groups), seen + more);
    }
  }
  const pages = Math.max(1, Math.ceil(items / PAGE_SIZE));
  pager.hidden = pages <= 1 && s.page <= 1;
  $('.prev', pager).disabled = s.page <= 1;
  $('.next', pager).disabled = s.page >= pages;
  $('.page-info', pager).textContent = `第 ${s.page} / ${pages} 页`;
}

export function goToPage(delta) {
  const s = readState();
  s.page = Math.max(1, s.page + delta);
  navigate(searchUrl(s));
}
