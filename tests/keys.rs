//! The public keys and clustering rule: a job that groups articles by band and posting key
//! ([`Dedup::band_keys`], [`Dedup::posting_keys`], [`Index::posting_pairs`],
//! [`Index::key_candidates`]) and clusters the same-event links with [`Dedup::cluster_links`]
//! finds what the index finds.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use bilingual_dedup::{
    Article, Cluster, Dedup, ErrorKind, Fingerprint, Index, Lang, Link, Verdict,
};

/// The fixtures, then 70 unrelated articles naming the same two people (posting lists longer
/// than `MAX_FOLLOW`, more key candidates than `MAX_KEY_CANDIDATES`), then 5 that also share a
/// rare name among themselves.
fn corpus(d: &Dedup) -> Vec<Fingerprint> {
    let mut arts: Vec<Article> = common::fixtures().into_iter().map(|f| f.article).collect();
    for i in 0..75 {
        let words: Vec<String> = (0..40).map(|j| format!("zorv{i}q{j}")).collect();
        let rare = if i >= 70 { "Octave Plimsoll" } else { "" };
        let body = format!(
            "Marcel Vandertramp et Albertine Quenouille ont parlé. {rare} {}.",
            words.join(" ")
        );
        arts.push(Article::new(format!("syn{i:02}"), "Titre", body).lang(Lang::Fr));
    }
    d.par_fingerprint(&arts)
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

/// Candidates of every position, found from the keys alone, as a distributed job would.
fn candidates_from_keys(d: &Dedup, fps: &[Fingerprint]) -> Vec<BTreeSet<u64>> {
    let mut bands: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    let mut postings: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    for (i, fp) in fps.iter().enumerate() {
        for k in d.band_keys(fp).unwrap() {
            bands.entry(k).or_default().push(i as u64);
        }
        for k in d.posting_keys(fp).unwrap() {
            postings.entry(k).or_default().push(i as u64);
        }
    }
    let mut out: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); fps.len()];
    for holders in bands.values() {
        for &a in holders {
            for &b in holders {
                if a != b {
                    out[a as usize].insert(b);
                }
            }
        }
    }
    let mut reached: Vec<Vec<(u64, u32)>> = vec![Vec::new(); fps.len()];
    for holders in postings.values() {
        for (q, h, w) in Index::posting_pairs(holders) {
            reached[q as usize].push((h, w));
        }
    }
    for (q, r) in reached.iter().enumerate() {
        out[q].extend(Index::key_candidates(q as u64, r));
    }
    out
}

#[test]
fn keys_find_the_candidates_the_index_finds() {
    let d = Dedup::builder().build().unwrap();
    let fps = corpus(&d);
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    let from_keys = candidates_from_keys(&d, &fps);
    let pos: BTreeMap<&str, u64> = fps
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id(), i as u64))
        .collect();
    let mut bounded = 0;
    for (i, fp) in fps.iter().enumerate() {
        // With no limit on hits and no minimum score, `neighbours` scores every candidate.
        let hits = index.neighbours(fp.id(), usize::MAX, 0.0).unwrap();
        let found: BTreeSet<u64> = hits.iter().map(|h| pos[h.id.as_str()]).collect();
        assert_eq!(found, from_keys[i], "{}", fp.id());
        bounded += usize::from(found.len() == Index::MAX_KEY_CANDIDATES);
    }
    assert!(bounded > 10, "the bounds were exercised ({bounded})");
}

#[test]
fn posting_pairs_follow_the_bounds() {
    let w = |n: usize| Index::key_weight(n);
    // A short list: every holder follows every other one.
    let pairs = Index::posting_pairs(&[7, 3, 5, 3]);
    assert_eq!(
        pairs,
        vec![
            (3, 5, w(3)),
            (3, 7, w(3)),
            (5, 3, w(3)),
            (5, 7, w(3)),
            (7, 3, w(3)),
            (7, 5, w(3))
        ]
    );
    // A long list: each holder follows the MAX_FOLLOW - 1 others nearest to it.
    let holders: Vec<u64> = (0..200).map(|i| i * 10).collect();
    let pairs = Index::posting_pairs(&holders);
    assert_eq!(pairs.len(), 200 * (Index::MAX_FOLLOW - 1));
    let of = |q: u64| -> Vec<u64> { pairs.iter().filter(|p| p.0 == q).map(|p| p.1).collect() };
    assert_eq!(
        of(0),
        (1..Index::MAX_FOLLOW as u64)
            .map(|i| i * 10)
            .collect::<Vec<_>>()
    );
    let m = Index::MAX_FOLLOW as u64 / 2; // 32 on each side but one: ties go lower
    assert_eq!(
        of(1000),
        (100 - m..=100 + m - 1)
            .filter(|&i| i != 100)
            .map(|i| i * 10)
            .collect::<Vec<_>>()
    );
    // Too common a key: nothing.
    let many: Vec<u64> = (0..=Index::MAX_POSTING as u64).collect();
    assert!(Index::posting_pairs(&many).is_empty());
    // Key candidates: enough evidence, the query left out, sorted.
    let t = Index::telling_weight();
    assert_eq!(
        Index::key_candidates(5, &[(9, t), (2, t / 2), (4, t / 2), (2, t - t / 2), (5, t)]),
        vec![2, 9]
    );
}

/// Same-event links of an index found the way a job finds them: candidates from the keys,
/// each pair once from its lower position, scored by the index (`neighbours`).
fn links_of(index: &Index, fps: &[Fingerprint]) -> Vec<Link> {
    let d = index.dedup();
    let cands = candidates_from_keys(d, fps);
    let mut links = Vec::new();
    for (i, fp) in fps.iter().enumerate() {
        let hits = index.neighbours(fp.id(), usize::MAX, 0.0).unwrap();
        for h in hits {
            let j = fps.iter().position(|f| f.id() == h.id).unwrap();
            if j > i && h.verdict == Verdict::SameEvent {
                assert!(cands[i].contains(&(j as u64)));
                links.push(Link {
                    a: i,
                    b: j,
                    score: h.score,
                });
            }
        }
    }
    links
}

fn named(fps: &[Fingerprint], groups: Vec<Vec<usize>>) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = groups
        .into_iter()
        .map(|g| {
            let mut ids: Vec<String> = g.iter().map(|&i| fps[i].id().to_owned()).collect();
            ids.sort();
            Cluster { ids }
        })
        .collect();
    out.sort_by(|a, b| a.ids[0].cmp(&b.ids[0]));
    out
}

#[test]
fn the_rule_on_the_links_gives_the_index_clusters_whole_or_by_component() {
    let d = Dedup::builder().build().unwrap();
    let fps = corpus(&d);
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    let expected = index.par_cluster();
    assert_eq!(index.cluster(), expected);
    assert_eq!(d.par_cluster(&fps).unwrap(), expected);
    assert!(expected.iter().any(|c| c.ids.len() > 1));

    let langs: Vec<Lang> = fps.iter().map(Fingerprint::lang).collect();
    let links = links_of(&index, &fps);
    let groups = d.cluster_links(&langs, &links).unwrap();
    assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), fps.len());
    assert_eq!(named(&fps, groups), expected);

    // Component by component, each renumbered in order.
    let mut comp: Vec<usize> = (0..fps.len()).collect();
    fn root(c: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while c[r] != r {
            r = c[r];
        }
        c[x] = r;
        r
    }
    for l in &links {
        let (a, b) = (root(&mut comp, l.a), root(&mut comp, l.b));
        comp[a.max(b)] = a.min(b);
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..fps.len() {
        let r = root(&mut comp, i);
        members.entry(r).or_default().push(i);
    }
    let mut all = Vec::new();
    for m in members.values() {
        let local = |g: usize| m.iter().position(|&x| x == g).unwrap();
        let sub: Vec<Link> = links
            .iter()
            .filter(|l| m.contains(&l.a))
            .map(|l| Link {
                a: local(l.a),
                b: local(l.b),
                score: l.score,
            })
            .collect();
        let sub_langs: Vec<Lang> = m.iter().map(|&i| langs[i]).collect();
        for g in d.cluster_links(&sub_langs, &sub).unwrap() {
            all.push(g.into_iter().map(|i| m[i]).collect());
        }
    }
    assert_eq!(named(&fps, all), expected);
}

#[test]
fn cluster_links_refuses_bad_links() {
    let d = Dedup::builder().build().unwrap();
    let langs = [Lang::Fr, Lang::En, Lang::En];
    let link = |a, b, score| Link { a, b, score };
    for bad in [
        vec![link(0, 3, 0.9)],
        vec![link(1, 1, 0.9)],
        vec![link(0, 1, f32::NAN)],
        vec![link(0, 1, 1.5)],
        vec![link(0, 1, 0.9), link(1, 0, 0.8)],
    ] {
        let e = d.cluster_links(&langs, &bad).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
            "{e}"
        );
    }
    // Mutual best across languages joins; the third article stays alone.
    assert_eq!(
        d.cluster_links(&langs, &[link(0, 1, 0.7)]).unwrap(),
        vec![vec![0, 1], vec![2]]
    );
    // One French article linked to two English ones: mutual best with the better one only;
    // the weaker link is not strong, and one of two pairs is a majority of the 1 x 2 pairs.
    assert_eq!(
        d.cluster_links(&langs, &[link(0, 1, 0.7), link(0, 2, 0.8)])
            .unwrap(),
        vec![vec![0, 1, 2]]
    );
    assert_eq!(d.cluster_links(&[], &[]).unwrap(), Vec::<Vec<usize>>::new());
}

#[test]
fn band_and_posting_keys_refuse_foreign_fingerprints() {
    let d = Dedup::builder().build().unwrap();
    let other = Dedup::builder().num_hashes(64).build().unwrap();
    let fp = common::fp(&other, "inetum-fr");
    for e in [
        d.band_keys(&fp).unwrap_err(),
        d.posting_keys(&fp).unwrap_err(),
    ] {
        assert!(matches!(e.kind(), ErrorKind::Incompatible(_)), "{e}");
    }
    let fp = common::fp(&d, "inetum-fr");
    assert_eq!(d.band_keys(&fp).unwrap().len(), d.bands());
    let keys = d.posting_keys(&fp).unwrap();
    assert!(!keys.is_empty() && keys.windows(2).all(|w| w[0] < w[1]));
}

/// Reports that share only a place get a posting key in common when their leads name the same
/// kind of happening there, and none for it when they report different kinds.
#[test]
fn what_and_where_keys_join_reports_of_one_kind_of_happening_at_one_place() {
    let d = Dedup::builder().build().unwrap();
    let fp = |id: &str, lang: Lang, title: &str, body: &str| {
        d.fingerprint(&Article::new(id, title, body).lang(lang))
            .unwrap()
    };
    let quake_fr = fp(
        "quake-fr",
        Lang::Fr,
        "Un séisme secoue la région d'Agadir",
        "Un séisme a été ressenti dans la nuit à Agadir, où des habitants sont sortis dans les rues.",
    );
    let quake_en = fp(
        "quake-en",
        Lang::En,
        "Earthquake rattles Agadir",
        "Residents of Agadir spent the night outdoors after an earthquake shook the coastal city.",
    );
    let strike_en = fp(
        "strike-en",
        Lang::En,
        "Dockers strike at Agadir port",
        "Dockers at the port of Agadir walked out on Monday in a strike over pay.",
    );
    assert_eq!(quake_fr.lead_kind_names(), ["quake"]);
    assert_eq!(quake_en.lead_kind_names(), ["quake"]);
    assert!(!strike_en.lead_kind_names().contains(&"quake"));
    let keys =
        |f: &Fingerprint| -> BTreeSet<u32> { d.posting_keys(f).unwrap().into_iter().collect() };
    let (qf, qe, se) = (keys(&quake_fr), keys(&quake_en), keys(&strike_en));
    let quakes: BTreeSet<u32> = qf.intersection(&qe).copied().collect();
    let with_strike: BTreeSet<u32> = qe.intersection(&se).copied().collect();
    // Both quake reports and the strike report hold the place's own key; the quake reports
    // hold one more, the key of a quake at that place.
    assert!(!with_strike.is_empty(), "the place's key is shared");
    assert!(with_strike.is_subset(&quakes));
    assert_eq!(
        quakes.len(),
        with_strike.len() + 1,
        "{quakes:?} {with_strike:?}"
    );
}
