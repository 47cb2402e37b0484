//! Work on every item of a list: on all cores natively (rayon), in one loop in the browser, whose widget has one
//! thread. Results keep the items' order either way.

/// `f` of every item, in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter().enumerate().map(|(i, item)| f(i, item)).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().enumerate().map(|(i, item)| f(i, item)).collect()
    }
}
