//! The fonts a run sets its text in: the files a region names (`lettertypen`), a folder
//! given with `--lettertypen`, the system's installed fonts, and the embedded
//! Liberation Sans that is always there as the fallback.
