// 政策文件检索 — which view the URL asks for (render), and moving to another URL (navigate):
// what the views share about showing themselves, taking the focus and reporting failures.
//
// The views (home.js, search.js, reader.js, research.js) import navigate and the helpers from
// here, and render calls them: an import cycle, harmless because neither side runs the other's code while
// the modules load.

import { $, readState, hideError, showError } from './common.js';
import { showHome } from './home.js';
import { showResearch } from './research.js';
import { showSearch } from './search.js';
import { showReader } from './reader.js';

// ---------------------------------------------------------------- navigation

function currentUrl() {
  return window.location.pathname + window.location.search;
}

// Remember the scroll position in the current history entry, so that
// back/forward can restore it after the asynchronous re-render.
function saveScroll() {
  const state = Object.assign({}, window.history.state, { scrollY: window.scrollY });
  window.history.replaceState(state, '', currentUrl());
}

// `focus: false` for controls that stay where they are (the sort menu, the view toggle): their
// user is still at them, e.g. stepping through the menu's options with the arrow keys.
export function navigate(url, { replace = false, focus = true } = {}) {
  if (replace || url === currentUrl()) {
    window.history.replaceState(window.history.state, '', url);
  } else {
    saveScroll();
    // `back` lets the reader's 返回 link use history.back() (and so keep
    // the result list's scroll position) when it leads where we came from.
    window.history.pushState({ back: currentUrl() }, '', url);
  }
  render({ scrollY: 0, focus });
}

// ------------------------------------------------------------------ render

let renderSeq = 0;
let controller = null;

// Render whatever the URL says. `opts.scrollY` is where to scroll once the
// content is there (undefined = the view decides, e.g. the reader target); `opts.focus`
// (every view change but the first load, which keeps the focus in the search box) moves the
// focus to what the new view says first, see focusView.
export function render(opts = {}) {
  const s = readState();
  const seq = ++renderSeq;
  if (controller) controller.abort(); // a newer render supersedes older fetches
  controller = new AbortController();
  const ctx = { seq, signal: controller.signal, opts, stale: () => seq !== renderSeq };
  hideError();
  $('#q').value = s.q;
  if (showResearch(ctx)) return undefined;
  if (s.read && s.doc) return showReader(s, ctx);
  if (s.q) return showSearch(s, ctx);
  return showHome(ctx);
}

export function showView(name) {
  for (const id of ['home', 'search', 'reader', 'research']) $('#' + id).hidden = id !== name;
}

// After a view change the focus goes to the new view's heading or status line (tabindex=-1):
// a screen reader reads it, and Tab continues from there instead of from a control that the
// change removed. Scrolling stays with the view (restored position, reader target).
export function focusView(node, ctx) {
  if (node && ctx.opts.focus && !ctx.stale()) node.focus({ preventScroll: true });
}

export function restoreScroll(y) {
  window.scrollTo(0, y || 0);
}

// Aborted fetches are superseded, not failures; everything else is shown.
export function handleFailure(err, ctx) {
  if (err.name === 'AbortError' || ctx.stale()) return true;
  showError(err.message || String(err));
  return false;
}
