//! Bench inputs: the fixture corpus, and a synthetic bilingual corpus with planted
//! cross-language duplicates generated from the lexicon's vocabulary.
#![allow(dead_code)]

pub mod feed;

use bilingual_dedup::jsonl::JsonLines;
use bilingual_dedup::{Article, Lang};

pub const FIXTURES: &str = include_str!("../../fixtures/articles.jsonl");
const LEXICON: &str = include_str!("../../data/lexicon/fr_en.tsv");

/// The fixture articles, without their publication dates (as the benches have always read
/// them).
pub fn fixture_articles() -> Vec<Article> {
    JsonLines::<_, Article>::new(FIXTURES.as_bytes())
        .map(|r| {
            let mut a = r.expect("fixture line is an article").value;
            a.published = None;
            a
        })
        .collect()
}

/// Total title + body bytes.
pub fn bytes(articles: &[Article]) -> u64 {
    articles
        .iter()
        .map(|a| (a.title.len() + a.body.len()) as u64)
        .sum()
}

/// A fixed-seed xorshift generator (benchmarks must be reproducible).
#[derive(Clone)]
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }
    /// Seeded through splitmix64, so nearby seeds start far apart (the feed seeds each
    /// event's generator with its number).
    pub fn mixed(seed: u64) -> Self {
        Rng(splitmix(seed) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// Zipf-like index in 0..n (rank r drawn with probability ~ 1/r).
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn vocabulary() -> Vec<(&'static str, &'static str)> {
    LEXICON
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vel", "min", "dra", "sto", "len", "bar", "tis", "mon", "gar", "ul", "pe", "zan",
    "qui", "lor", "bes", "tra", "nu", "fal", "dor", "mik", "sa", "jov",
];

fn name(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..3 + rng.below(2) {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `n` synthetic articles: events told in French and English (about 40% of events in both
/// languages, a few with a second copy in one language), about 120 words each.
pub fn synthetic(n: usize, seed: u64) -> Vec<Article> {
    let vocab = vocabulary();
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    let mut event = 0;
    while out.len() < n {
        event += 1;
        let words: Vec<usize> = (0..60).map(|_| rng.zipf(vocab.len())).collect();
        let names: Vec<String> = (0..3)
            .map(|_| format!("{} {}", name(&mut rng), name(&mut rng)))
            .collect();
        let nums: Vec<u64> = (0..3).map(|_| 1_000 + rng.below(998_000) as u64).collect();
        let copies = match rng.below(10) {
            0..=5 => vec![Lang::Fr],
            6..=8 => vec![Lang::Fr, Lang::En],
            _ => vec![Lang::Fr, Lang::En, Lang::En],
        };
        for (c, lang) in copies.into_iter().enumerate() {
            if out.len() == n {
                break;
            }
            let mut body = String::new();
            for (i, &w) in words.iter().enumerate() {
                if rng.below(10) == 0 {
                    continue; // each copy drops some words
                }
                let (fr, en) = vocab[w];
                body.push_str(if lang == Lang::Fr { fr } else { en });
                body.push(' ');
                if i % 15 == 14 {
                    let k = i / 15 % 3;
                    let num = nums[k];
                    let num = if lang == Lang::Fr {
                        format!("{}.{:03}", num / 1000, num % 1000)
                    } else {
                        format!("{},{:03}", num / 1000, num % 1000)
                    };
                    body.push_str(&format!("{} {num}. ", names[k]));
                }
            }
            let title = format!(
                "{} {}",
                names[0],
                if lang == Lang::Fr {
                    vocab[words[0]].0
                } else {
                    vocab[words[0]].1
                }
            );
            out.push(Article::new(format!("e{event}-{c}-{}", lang.code()), title, body).lang(lang));
        }
    }
    out
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
