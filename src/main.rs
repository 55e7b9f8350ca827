//! The `raadsbrief` command; everything lives in the library.

fn main() {
    std::process::exit(raadsbrief::cli::run());
}
