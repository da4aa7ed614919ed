//! Kill test of `bilingual-dedup run`: the program updates a large index file and is killed
//! with SIGKILL at random moments, again and again; after each kill the file must hold,
//! byte for byte, either the old index or the new one (the one an uninterrupted run writes),
//! and load. Run with `--nocapture` to see how many kills landed in each phase.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bilingual_dedup::{Dedup, Fingerprint, Index};
use serde_json::Value;

/// Runs of the program to kill.
const KILLS: usize = 60;
/// Articles in the old index: a file of 2 MB, which the dev profile's program loads,
/// updates and saves in about 0.6 s on the project's machine (1.2 s while others compile).
const OLD_ARTICLES: usize = 5_000;

/// `n` fingerprints made from a real one (same parameters and date), each with its own id,
/// random signature and names drawn from a vocabulary of 5,000: a large index in seconds
/// without analysing thousands of articles in the dev profile.
fn synthetic(template: &Fingerprint, n: usize, rng: &mut common::Rng) -> Vec<Fingerprint> {
    let base: Value = serde_json::from_str(&template.to_json().unwrap()).unwrap();
    (0..n)
        .map(|i| {
            let mut v = base.clone();
            v["id"] = Value::from(format!("old-{i:06}"));
            let k = v["signature"].as_array().unwrap().len();
            v["signature"] = (0..k).map(|_| rng.next() as u32).collect();
            v["entities"] = (0..4)
                .map(|_| {
                    let key = format!("name{}", rng.next() % 5_000);
                    serde_json::json!({"key": key, "kind": "person", "text": key})
                })
                .collect();
            Fingerprint::from_json(&v.to_string()).unwrap()
        })
        .collect()
}

fn run_program(state: &Path, input: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_bilingual-dedup"))
        .args(["run", "--quiet", "--index"])
        .arg(state)
        .arg("--input")
        .arg(input)
        .args(["--output", "-"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the program starts")
}

/// Waits until the program's save has begun (its temporary file appears) or it has ended.
fn wait_for_save(child: &mut std::process::Child, dir: &Path) -> bool {
    loop {
        if !temporaries(dir).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
        .collect()
}

#[test]
fn a_killed_run_leaves_the_old_or_the_new_index() {
    let dir = std::env::temp_dir().join(format!("bdkill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill test seed {seed:#x}");
    let mut rng = common::Rng(seed);

    // The old index: synthetic articles dated like the new ones, so none expires.
    let d = Dedup::builder().build().unwrap();
    let template = common::fp(&d, "inetum-fr");
    let mut old = d.index();
    old.par_insert(&synthetic(&template, OLD_ARTICLES, &mut rng))
        .unwrap();
    let mut old_bytes = Vec::new();
    old.write_to(&mut old_bytes).unwrap();
    assert_eq!(
        Index::read_from(&d, &old_bytes[..]).unwrap().len(),
        OLD_ARTICLES
    );
    // Today's articles: the fixtures of the same days.
    let new_ids = [
        "inetum-en",
        "inetum-en-mt",
        "inetum-spain-fr",
        "novatek-morocco-en",
    ];
    let input = dir.join("today.jsonl");
    let lines: Vec<String> = common::FIXTURES
        .lines()
        .filter(|l| {
            new_ids
                .iter()
                .any(|id| l.contains(&format!("\"id\": \"{id}\"")))
        })
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), new_ids.len());
    std::fs::write(&input, lines.join("\n")).unwrap();

    // An uninterrupted run gives the new index.
    let state = dir.join("feed.bdix");
    std::fs::write(&state, &old_bytes).unwrap();
    let t = Instant::now();
    let mut child = run_program(&state, &input);
    // A save quicker than the polling may go unseen: then take the last 5% of the run.
    let seen = wait_for_save(&mut child, &dir);
    let saving = Instant::now();
    let status = child.wait().unwrap();
    let full = t.elapsed();
    let save = if seen { saving.elapsed() } else { full / 20 };
    assert!(status.success());
    let new_bytes = std::fs::read(&state).unwrap();
    let new = Index::load(&d, &state).unwrap();
    assert_eq!(new.len(), OLD_ARTICLES + new_ids.len());
    assert!(new_ids.iter().all(|id| new.contains(id)));
    assert!(new.contains("old-000000") && new.contains(&format!("old-{:06}", OLD_ARTICLES - 1)));
    assert_ne!(new_bytes, old_bytes);
    eprintln!(
        "old index {} bytes, new {} bytes, uninterrupted run {full:.2?}, its save {save:.2?}",
        old_bytes.len(),
        new_bytes.len()
    );

    // Kill runs at random moments: half anywhere in the run (and a little after), half
    // during the save: from when its temporary file appears, up to 0.8 times the time the
    // uninterrupted save took.
    let (mut saw_old, mut saw_new, mut mid_save) = (0, 0, 0);
    for i in 0..KILLS {
        std::fs::write(&state, &old_bytes).unwrap();
        for t in temporaries(&dir) {
            std::fs::remove_file(t).unwrap();
        }
        let mut child = run_program(&state, &input);
        let at = if i % 2 == 0 {
            let at = full.mul_f64(rng.unit() * 1.05);
            std::thread::sleep(at);
            format!("{at:.2?} into the run")
        } else {
            let started = wait_for_save(&mut child, &dir);
            let at = save.mul_f64(rng.unit() * 0.8);
            std::thread::sleep(at);
            format!("{at:.2?} into the save (seen: {started})")
        };
        let _ = child.kill(); // SIGKILL; fails only when the run has already ended
        child.wait().unwrap();
        let bytes = std::fs::read(&state).expect("the index file is always there");
        if bytes == old_bytes {
            saw_old += 1;
        } else if bytes == new_bytes {
            saw_new += 1;
        } else {
            panic!(
                "kill {i} at {at} left an index that is neither the old nor the new one ({} \
                 bytes)",
                bytes.len()
            );
        }
        // A kill between creating the temporary file and renaming it leaves the temporary.
        mid_save += usize::from(!temporaries(&dir).is_empty());
    }
    // Both possible files load (checked above); and so does the last kill's, through the
    // file.
    let back = Index::load(&d, &state).unwrap();
    assert!(back.len() == OLD_ARTICLES || back.len() == OLD_ARTICLES + new_ids.len());
    eprintln!(
        "{KILLS} kills: {saw_old} left the old index, {saw_new} the new one; {mid_save} landed \
         during a save (its temporary file was left)"
    );
    assert!(saw_old > 0, "no kill landed before the save");
    std::fs::remove_dir_all(&dir).unwrap();
}
