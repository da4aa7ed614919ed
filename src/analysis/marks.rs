//! Per-article marks on key ids, kept per thread.

/// Marks of one article on key ids ([`super::cache::Keys`]): words seen
/// capitalised mid-sentence or in lowercase, and concept counts.
///
/// Kept per thread and reused instead of three hash tables per article: a mark is set when
/// its stamp equals the current article's number, so starting an article clears every mark
/// at once, and a mark is one indexed load (key ids are dense).
#[derive(Default)]
pub(crate) struct KeyMarks {
    /// Number of the current article (from 1; 0 in a stamp means never).
    article: u32,
    /// By key id.
    keys: Vec<KeyMark>,
    /// Concept key ids counted in this article, in order of first count.
    concepts: Vec<u32>,
}

/// The stamps (article numbers) and concept count of one key id.
#[derive(Clone, Copy, Default)]
struct KeyMark {
    cap_mid: u32,
    lower: u32,
    concept: u32,
    count: u32,
}

impl KeyMarks {
    /// Starts a new article whose key ids are below `key_count`, with no marks.
    pub(crate) fn start(&mut self, key_count: usize) {
        if self.article == u32::MAX {
            self.keys.fill(KeyMark::default());
            self.article = 0;
        }
        self.article += 1;
        if self.keys.len() < key_count {
            self.keys.resize(key_count, KeyMark::default());
        }
        self.concepts.clear();
    }

    pub(crate) fn mark_cap_mid(&mut self, id: u32) {
        self.keys[id as usize].cap_mid = self.article;
    }

    pub(crate) fn mark_lower(&mut self, id: u32) {
        self.keys[id as usize].lower = self.article;
    }

    /// The number of key ids the marks hold room for.
    pub(crate) fn key_capacity(&self) -> usize {
        self.keys.len()
    }

    /// The key was seen capitalised mid-sentence in the body.
    pub(crate) fn cap_mid(&self, id: u32) -> bool {
        self.keys[id as usize].cap_mid == self.article
    }

    /// The key was seen in lowercase in the body.
    pub(crate) fn lower_seen(&self, id: u32) -> bool {
        self.keys[id as usize].lower == self.article
    }

    pub(crate) fn count_concept(&mut self, id: u32) {
        let m = &mut self.keys[id as usize];
        if m.concept == self.article {
            m.count += 1;
        } else {
            m.concept = self.article;
            m.count = 1;
            self.concepts.push(id);
        }
    }

    /// The concepts counted in this article and their counts.
    pub(crate) fn concepts(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.concepts
            .iter()
            .map(|&id| (id, self.keys[id as usize].count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_marks_clear_per_article_and_survive_wrapping() {
        let mut m = KeyMarks {
            article: u32::MAX - 1,
            ..KeyMarks::default()
        };
        m.start(3);
        m.mark_cap_mid(1);
        m.count_concept(2);
        m.count_concept(2);
        assert!(m.cap_mid(1) && !m.lower_seen(1) && !m.cap_mid(0));
        assert_eq!(m.concepts().collect::<Vec<_>>(), [(2, 2)]);
        for _ in 0..2 {
            // The first start wraps the article number around (all stamps cleared).
            m.start(4);
            assert!(!m.cap_mid(1) && m.concepts().next().is_none());
            m.mark_lower(3);
            m.count_concept(2);
            assert!(m.lower_seen(3));
            assert_eq!(m.concepts().collect::<Vec<_>>(), [(2, 1)]);
        }
        assert_eq!(m.article, 2);
    }
}
