//! Pages.

/// Where a block's first character is: the page as counted from recorded breaks, and the
/// section, whose own break is added once all section types are known.
#[derive(Clone, Copy, Debug)]
pub(super) struct PageMark {
    pub(super) page: u32,
    pub(super) section: usize,
}

/// Counts pages from the breaks the file records. One break is counted once: an explicit page
/// break or a section break followed (before any text) by Word's `lastRenderedPageBreak` is the
/// same page break.
#[derive(Default)]
pub(super) struct PageCounter {
    /// Page breaks counted so far.
    pub(super) breaks: u32,
    /// An explicit page break that no text has followed yet.
    pub(super) explicit_pending: bool,
    /// Some text was placed: a break before the first paragraph opens no page.
    pub(super) placed_text: bool,
    /// A section just ended and no text has followed yet.
    pub(super) boundary_open: bool,
    /// Per section, in order: whether it starts on a new page (its `w:type`).
    pub(super) starts_new_page: Vec<bool>,
    /// Per section end: whether a recorded break already stands there.
    pub(super) boundary_covered: Vec<bool>,
    pub(super) saw_rendered_break: bool,
}

impl PageCounter {
    /// Text is about to be written: pending breaks take effect.
    pub(super) fn mark(&mut self) -> PageMark {
        if self.explicit_pending {
            self.breaks = self.breaks.saturating_add(1);
            self.explicit_pending = false;
        }
        self.boundary_open = false;
        self.placed_text = true;
        PageMark {
            page: self.breaks.saturating_add(1),
            section: self.boundary_covered.len(),
        }
    }

    pub(super) fn explicit_break(&mut self) {
        self.cover_boundary();
        if self.explicit_pending {
            self.breaks = self.breaks.saturating_add(1);
        }
        self.explicit_pending = true;
    }

    /// `w:pageBreakBefore`: Word ignores it on the document's first paragraph.
    pub(super) fn break_before_paragraph(&mut self) {
        if self.placed_text {
            self.explicit_break();
        }
    }

    pub(super) fn rendered_break(&mut self) {
        self.saw_rendered_break = true;
        self.cover_boundary();
        self.explicit_pending = false;
        self.breaks = self.breaks.saturating_add(1);
    }

    pub(super) fn cover_boundary(&mut self) {
        if self.boundary_open {
            if let Some(covered) = self.boundary_covered.last_mut() {
                *covered = true;
            }
            self.boundary_open = false;
        }
    }

    /// A section ends here (`w:sectPr` in a paragraph's properties).
    pub(super) fn end_section(&mut self, starts_new_page: bool) {
        self.starts_new_page.push(starts_new_page);
        self.boundary_covered.push(self.explicit_pending);
        self.boundary_open = !self.explicit_pending;
    }

    /// The body's own `w:sectPr`, which describes the last section.
    pub(super) fn last_section(&mut self, starts_new_page: bool) {
        self.starts_new_page.push(starts_new_page);
    }

    /// Per section, the pages its unrecorded section breaks add to the counted ones; `None`
    /// when Word recorded no layout.
    pub(super) fn section_offsets(&self) -> Option<Vec<u32>> {
        if !self.saw_rendered_break {
            return None;
        }
        let mut offsets = vec![0u32];
        let mut total = 0u32;
        for (s, &covered) in self.boundary_covered.iter().enumerate() {
            // Section s + 1 starts after boundary s; a section without w:type starts a page.
            let new_page = self.starts_new_page.get(s + 1).copied().unwrap_or(true);
            if new_page && !covered {
                total = total.saturating_add(1);
            }
            offsets.push(total);
        }
        Some(offsets)
    }
}
