//! Structured corruption of real files (an index of six fixture articles, a fingerprint):
//! every truncation, every bit flip, and every length field set to counts the file cannot
//! hold. Each corrupt file is read as it is and with its checksum recomputed (so the field
//! decoders see it, not only the checksum). Nothing panics, nothing corrupt loads as
//! something else than a well-formed file, and no read allocates more than a small multiple
//! of the file's size: a huge count is refused before its items are allocated. A counting
//! global allocator measures the largest allocation, so this binary holds one test.

mod common;
#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use bilingual_dedup::{Dedup, ErrorKind, Fingerprint, Index};

/// Records the largest single allocation while `ON` is set.
struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ON.load(Ordering::Relaxed) {
            LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ON.load(Ordering::Relaxed) {
            LARGEST.fetch_max(new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The largest single allocation `f` makes.
fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.store(0, Ordering::Relaxed);
    ON.store(true, Ordering::Relaxed);
    let out = f();
    ON.store(false, Ordering::Relaxed);
    (out, LARGEST.load(Ordering::Relaxed))
}

/// The positions of the length fields of an index file (its entry count, then per entry the
/// id's length, the signature, entity and number counts and each entity string's length),
/// found by walking the format of `src/index/persist.rs`.
fn index_length_fields(file: &[u8]) -> Vec<usize> {
    let u32_at = |p: usize| u32::from_le_bytes(file[p..p + 4].try_into().unwrap()) as usize;
    // magic 4, version 4, fingerprint version 4, num_hashes 2, seed 8, data 4, bands 4.
    let mut p = 30;
    let mut fields = vec![p];
    let n = u32_at(p);
    p += 4;
    for _ in 0..n {
        fields.push(p);
        p += 4 + u32_at(p); // id
        p += 1 + 4 + 8 + 4 + 4; // lang, published, lead kinds, lead entities, features
        fields.push(p);
        p += 4 + 2 * u32_at(p); // signature
        fields.push(p);
        let ents = u32_at(p);
        p += 4;
        for _ in 0..ents {
            fields.push(p);
            p += 4 + u32_at(p) + 1;
        }
        fields.push(p);
        p += 4 + 10 * u32_at(p);
    }
    assert_eq!(p + 8, file.len(), "the walk ends at the checksum");
    fields
}

/// The same for a fingerprint's binary form (`src/fingerprint/codec.rs`).
fn fingerprint_length_fields(file: &[u8]) -> Vec<usize> {
    let u32_at = |p: usize| u32::from_le_bytes(file[p..p + 4].try_into().unwrap()) as usize;
    // magic 4, version 4, num_hashes 2, seed 8, data 4.
    let mut p = 22;
    let mut fields = vec![p];
    p += 4 + u32_at(p); // id
    p += 1 + 4 + 8 + 4 + 4; // lang, published, lead kinds, lead entities, features
    fields.push(p);
    p += 4 + 4 * u32_at(p);
    fields.push(p);
    let ents = u32_at(p);
    p += 4;
    for _ in 0..ents {
        fields.push(p);
        p += 4 + u32_at(p) + 1;
        fields.push(p);
        p += 4 + u32_at(p);
    }
    fields.push(p);
    let nums = u32_at(p);
    p += 4;
    for _ in 0..nums {
        p += 1 + 8;
        fields.push(p);
        p += 4 + u32_at(p);
        fields.push(p);
        p += 4 + u32_at(p);
    }
    assert_eq!(p + 8, file.len(), "the walk ends at the checksum");
    fields
}

/// Reads `data` with `read`, which must not panic and must not allocate more than 16 times
/// the input plus 4 KiB at once. Returns whether it loaded.
fn read_one<T, E>(data: &[u8], what: &str, read: &dyn Fn(&[u8]) -> Result<T, E>) -> bool {
    let (r, largest) = largest_allocation(|| read(data).is_ok());
    let bound = 16 * data.len() + 4096;
    assert!(
        largest <= bound,
        "{what}: an allocation of {largest} bytes reading {} bytes",
        data.len()
    );
    r
}

/// [`read_one`] of `data` as given and with its checksum repaired: how many loaded.
fn read_both<T, E>(data: &[u8], what: &str, read: &dyn Fn(&[u8]) -> Result<T, E>) -> usize {
    let repaired = targets::with_checksum(data);
    usize::from(read_one(data, what, read))
        + repaired.map_or(0, |r| usize::from(read_one(&r, what, read)))
}

#[test]
fn corrupt_index_files_and_fingerprints_are_refused_within_bounds() {
    // The allocator sees allocations (so the bounds below mean something).
    let (_, seen) = largest_allocation(|| Vec::<u8>::with_capacity(1 << 20));
    assert!(seen >= 1 << 20, "the counting allocator saw {seen} bytes");
    let d = Dedup::builder().build().unwrap();
    // Six fixture articles (three events, both languages): a 2.6 KB file.
    let fps: Vec<Fingerprint> = [
        "inetum-fr",
        "inetum-en",
        "storm-fr",
        "storm-en",
        "ecb-fr",
        "ecb-en",
    ]
    .iter()
    .map(|id| common::fp(&d, id))
    .collect();
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    let mut file = Vec::new();
    index.write_to(&mut file).unwrap();
    let read_index = |b: &[u8]| Index::read_from(&d, b);
    assert_eq!(read_both(&file, "the real index", &read_index), 2);

    // Every truncation: refused (a shorter file has no valid checksum, and with a repaired
    // one its entries end early).
    for len in 0..file.len() {
        let ok = read_both(&file[..len], &format!("index cut at {len}"), &read_index);
        assert_eq!(ok, 0, "index cut at {len} of {} loaded", file.len());
    }

    // Bit flips: every bit of the header and of every length field, one bit of every other
    // byte (the fuzz targets flip the rest). Refused as it is (checksum). With the checksum
    // repaired a flip may give another well-formed index (a changed id, signature value or
    // date), never a panic.
    let fields = index_length_fields(&file);
    let (mut flips, mut loaded_after_repair) = (0, 0);
    for byte in 0..file.len() - 8 {
        let all = byte < 34 || fields.iter().any(|&f| (f..f + 4).contains(&byte));
        let bits = if all { 0..8 } else { byte % 8..byte % 8 + 1 };
        for bit in bits {
            let mut bad = file.clone();
            bad[byte] ^= 1 << bit;
            assert!(
                Index::read_from(&d, &bad[..]).is_err(),
                "a flip of bit {bit} of byte {byte} was not noticed"
            );
            let repaired = targets::with_checksum(&bad).unwrap();
            let what = format!("bit {bit} of byte {byte}");
            loaded_after_repair += usize::from(read_one(&repaired, &what, &read_index));
            flips += 1;
        }
    }
    eprintln!(
        "index of {} bytes: {loaded_after_repair} of {flips} bit flips with a repaired checksum \
         still load",
        file.len()
    );

    // Every length field claiming what the file cannot hold.
    assert!(
        fields.len() > 4 * fps.len(),
        "{} length fields",
        fields.len()
    );
    for &at in &fields {
        for huge in [u32::MAX, 0x8000_0000, 0x0100_0000, file.len() as u32] {
            let mut bad = file.clone();
            bad[at..at + 4].copy_from_slice(&huge.to_le_bytes());
            let repaired = targets::with_checksum(&bad).unwrap();
            let what = format!("index length field at {at} set to {huge}");
            assert_eq!(read_both(&bad, &what, &read_index), 0, "{what} loaded");
            let e = Index::read_from(&d, &repaired[..]).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::Format(_)), "{what}: {e}");
        }
    }

    // The same for a fingerprint's binary form.
    let fp = fps.iter().max_by_key(|f| f.entities().len()).unwrap();
    let bytes = fp.to_bytes();
    let read_fp = |b: &[u8]| Fingerprint::from_bytes(b);
    assert_eq!(read_both(&bytes, "the real fingerprint", &read_fp), 2);
    for len in 0..bytes.len() {
        assert_eq!(read_both(&bytes[..len], "cut fingerprint", &read_fp), 0);
    }
    for byte in 0..bytes.len() - 8 {
        for bit in 0..8 {
            let mut bad = bytes.clone();
            bad[byte] ^= 1 << bit;
            assert!(Fingerprint::from_bytes(&bad).is_err());
            let repaired = targets::with_checksum(&bad).unwrap();
            read_one(
                &repaired,
                &format!("fingerprint bit {bit} of byte {byte}"),
                &read_fp,
            );
        }
    }
    let fields = fingerprint_length_fields(&bytes);
    for &at in &fields {
        for huge in [u32::MAX, 0x8000_0000, 0x0100_0000, bytes.len() as u32] {
            let mut bad = bytes.clone();
            bad[at..at + 4].copy_from_slice(&huge.to_le_bytes());
            let what = format!("fingerprint length field at {at} set to {huge}");
            assert_eq!(read_both(&bad, &what, &read_fp), 0, "{what} loaded");
        }
    }
}
