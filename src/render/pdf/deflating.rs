//! A PDF's streams deflated on a second core while this one goes on writing the file.
//!
//! A run of one letter makes its PDF on one thread, with the machine's other core idle
//! by then (the file is validated, the templates compiled); deflating the letter's
//! streams was half a millisecond of it, the first call a fifth of that alone (the
//! compressor's tables are fresh pages). So [`Deflating::beside`] starts a helper
//! before the layout, which sets the second half of the text (`layout::halves`), makes
//! its compressors ([`Deflating::prepare`]) and then deflates each stream as soon as it
//! is written: the font programs, the page
//! contents, at the end whatever is left. The streams are added to the document at
//! once, empty, so their numbers (and the file's bytes) are those of a PDF deflated on
//! one thread; [`Deflating::finish`] puts in their bytes. Whichever thread comes to a
//! stream first deflates it: the main thread does not wait for a helper that has not
//! started it.
//!
//! Where documents are made side by side (a region's, on rayon's pool) every core is
//! busy already: [`Deflating::here`] deflates each stream where it is added, as before.

use std::sync::{Arc, OnceLock};

use lopdf::{Object, ObjectId, Stream};

use crate::alongside::Helper;

/// How a stream's bytes are put in once they are deflated.
type Fill = Box<dyn FnOnce(&mut Stream)>;

/// A stream's bytes deflated (`None` where that would not make them smaller), by
/// whoever gets to them first.
type Deflated = Arc<OnceLock<Option<Vec<u8>>>>;

pub struct Deflating<'h, 'scope> {
    helper: Helper<'h, 'scope>,
    pending: Vec<(ObjectId, Fill)>,
}

impl<'h, 'scope> Deflating<'h, 'scope> {
    /// Streams deflated where they are added.
    pub fn here() -> Deflating<'h, 'scope> {
        Deflating {
            helper: Helper::none(),
            pending: Vec::new(),
        }
    }

    /// Streams deflated by a helper thread of `scope`, started before the layout so
    /// that it sets half the text first ([`Deflating::helper`]); where no thread can be
    /// started, [`Deflating::here`].
    pub fn beside<'env>(scope: &'scope std::thread::Scope<'scope, 'env>) -> Deflating<'h, 'scope> {
        Deflating {
            helper: Helper::start(scope, "deflate"),
            pending: Vec::new(),
        }
    }

    /// Streams deflated by the process's spare thread ([`crate::alongside::spare`]),
    /// within `scope` of its pool: as [`Deflating::beside`], without starting a thread.
    pub fn on_spare(scope: &'h rayon::Scope<'scope>) -> Deflating<'h, 'scope> {
        Deflating {
            helper: Helper::on_spare(scope),
            pending: Vec::new(),
        }
    }

    /// Has the helper make compressors for itself and this thread before the first
    /// stream comes: a compressor's first call touches some 300 KiB of fresh pages.
    /// Asked for after the layout, whose second half the helper sets first.
    pub fn prepare(&self) {
        if self.is_beside() {
            self.run(|| crate::render::deflate::prepare(super::DEFLATE_LEVEL, 2));
        }
    }

    /// The helper, for other work before the streams (half the layout).
    pub fn helper(&self) -> &Helper<'h, 'scope> {
        &self.helper
    }

    /// Whether streams go to a helper.
    pub fn is_beside(&self) -> bool {
        self.helper.is_running()
    }

    /// Has `job` done by the helper; here, if there is none or it has stopped.
    pub fn run(&self, job: impl FnOnce() + Send + 'scope) {
        self.helper.run(job);
    }

    /// Adds `stream` to `lo`, deflated as [`super::deflate`] deflates it: here, or by
    /// the helper with its bytes put in by [`Deflating::finish`].
    pub fn add(&mut self, lo: &mut lopdf::Document, mut stream: Stream) -> ObjectId {
        if !self.is_beside() {
            super::deflate(&mut stream);
            return lo.add_object(stream);
        }
        let content = std::mem::take(&mut stream.content);
        let id = lo.add_object(stream);
        self.defer(id, content);
        id
    }

    /// Sends `content`, the bytes of the stream `id`, to the helper, and keeps how
    /// they are put in.
    fn defer(&mut self, id: ObjectId, content: Vec<u8>) {
        let content = Arc::new(content);
        let deflated: Deflated = Arc::default();
        let (data, slot) = (Arc::clone(&content), Arc::clone(&deflated));
        self.run(move || {
            slot.get_or_init(|| super::deflate_bytes(&data));
        });
        self.later(id, move |stream| {
            deflated.get_or_init(|| super::deflate_bytes(&content));
            // The helper's job may not have let go of its handle yet: then a copy.
            let deflated = Arc::try_unwrap(deflated).map_or_else(
                |shared| shared.get().cloned().flatten(),
                |own| own.into_inner().flatten(),
            );
            super::set_deflated(stream, deflated, || Arc::unwrap_or_clone(content));
        });
    }

    /// Has `fill` put the bytes of the stream `id` in, at [`Deflating::finish`].
    pub fn later(&mut self, id: ObjectId, fill: impl FnOnce(&mut Stream) + 'static) {
        self.pending.push((id, Box::new(fill)));
    }

    /// Deflates what is left undeflated (as [`super::compress_remaining`] does), then
    /// puts in the bytes of every stream deflated beside.
    pub fn finish(&mut self, lo: &mut lopdf::Document) {
        if self.is_beside() {
            // Those sent already have no filter yet either.
            let sent: std::collections::BTreeSet<ObjectId> =
                self.pending.iter().map(|(id, _)| *id).collect();
            let left: Vec<ObjectId> = lo
                .objects
                .iter()
                .filter(|(id, o)| {
                    !sent.contains(id) && matches!(o, Object::Stream(s) if super::is_left(s))
                })
                .map(|(id, _)| *id)
                .collect();
            for id in left {
                if let Some(Object::Stream(s)) = lo.objects.get_mut(&id) {
                    let content = std::mem::take(&mut s.content);
                    self.defer(id, content);
                }
            }
        } else {
            super::compress_remaining(lo);
        }
        // The helper stops once it has done what was sent. It takes the streams in the
        // order they came, this thread from the last: what the helper has not begun is
        // deflated here, and the two meet in the middle.
        self.helper = Helper::none();
        for (id, fill) in std::mem::take(&mut self.pending).into_iter().rev() {
            if let Some(Object::Stream(stream)) = lo.objects.get_mut(&id) {
                fill(stream);
            }
        }
    }
}
