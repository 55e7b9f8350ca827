//! glibc's malloc told to give large buffers back.
//!
//! Every deflated stream (each page, font and object stream of a PDF, each part of a
//! DOCX) allocates a compressor of a few hundred KiB and frees it again. glibc serves
//! the first such block with mmap, but on freeing it raises its mmap threshold to the
//! block's size, so from then on these blocks come from the per-thread arenas, which
//! keep the memory and fragment around the small allocations that outlive a document.
//! Measured on a build of 342 municipalities (release, `--child-batch country` of the
//! build bench): 17.9 MiB of live heap at the peak (heaptrack), 108 MiB resident; with
//! the threshold fixed at 128 KiB (glibc's starting value, no longer raised), 39 MiB,
//! for more system time spent mapping pages. Thresholds of 512 KiB and up kept the
//! 108 MiB. Other allocators are left to the platform.

/// Fixes glibc's mmap threshold at 128 KiB for the rest of the process; once, before
/// the first document is rendered.
pub fn give_back_large_blocks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: mallopt only sets a malloc parameter; glibc documents it as safe to
        // call at any time, from any thread.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        }
    });
}
