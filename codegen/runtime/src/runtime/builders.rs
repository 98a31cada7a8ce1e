//! What every request builder shares, written once: `request_builder!` gives a generated
//! builder its `options`, `send`, `send_with_response`, `send_stream`, `pages` and `items`, and
//! makes it awaitable. The builder itself declares only what is its own: its inputs, their
//! setters, and `request()`, which encodes them.
//!
//! A generated `operations` module invokes it after each builder, naming the builder, the type
//! a success decodes into and its decoder, then the error type and its decoder:
//!
//! ```text
//! super::runtime::request_builder! {
//!     ListPets,
//!     Vec<super::types::Pet> => super::runtime::decode_json,
//!     super::types::ApiError => super::runtime::decode_error_json,
//!     pages of super::types::Pet,
//!     next(page) { super::runtime::link_next(page) },
//!     items(page) { page },
//! }
//! ```
//!
//! The `pages of` arm is for paged operations: `next` finds the next page in an answer,
//! `items` takes a page's items. A builder whose success is a stream of events or JSON lines
//! writes its own `send` and `send_with_response`, and invokes the `streams` form, which gives
//! it the rest. Paths in the macro resolve where it is invoked, as `super::runtime::…`.

/// See the module docs.
#[allow(
    unused_macros,
    reason = "only generated `operations` modules invoke it, and a spec may have none"
)]
macro_rules! request_builder {
    (
        $builder:ident,
        $output:ty => $decode:expr,
        $error:ty => $decode_error:expr
        $(, pages of $item:ty, next($page:ident) $next:block, items($items_page:ident) $items:block)?
        $(,)?
    ) => {
        impl<'a> $builder<'a> {
            /// Sends the request and decodes the answer.
            pub fn send(self) -> super::runtime::CallFuture<'a, $output, $error> {
                let request = self.request();
                self.client.execute::<$output, $error>(request, self.options, $decode, $decode_error)
            }

            /// Sends the request; the decoded answer with its HTTP status and headers.
            pub fn send_with_response(
                self,
            ) -> super::runtime::CallFuture<'a, super::runtime::ApiResponse<$output>, $error> {
                let request = self.request();
                self.client.execute_with_response::<$output, $error>(
                    request,
                    self.options,
                    $decode,
                    $decode_error,
                )
            }

            $(
                /// Every page, each next request made from the page before, until the last;
                /// a failed page is the last item. Read it with `futures_util::StreamExt` (or
                /// `futures::StreamExt`).
                pub fn pages(self) -> super::runtime::CallStream<'a, $output, $error> {
                    fn next(
                        $page: &super::runtime::ApiResponse<$output>,
                    ) -> Option<super::runtime::NextPage> {
                        $next
                    }
                    let request = self.request();
                    self.client.pages::<$output, $error>(
                        request,
                        self.options,
                        ($decode, $decode_error),
                        next,
                    )
                }

                /// Every item of every page ([`pages`](Self::pages)); a failed page is the last
                /// item.
                pub fn items(self) -> super::runtime::CallStream<'a, $item, $error> {
                    fn items($items_page: $output) -> Vec<$item> {
                        $items
                    }
                    super::runtime::items_of(self.pages(), items)
                }
            )?
        }

        super::runtime::request_builder! { streams $builder, $output, $error => $decode_error }
    };
    (streams $builder:ident, $output:ty, $error:ty => $decode_error:expr $(,)?) => {
        impl<'a> $builder<'a> {
            /// Settings for this call alone: a time limit, a retry policy, extra headers, an
            /// idempotency key.
            pub fn options(mut self, options: super::runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// Sends the request; a success body unread, as a stream of its bytes: no size
            /// limit, and a stream that stalls for the client's `stall_timeout` ends with an
            /// error.
            pub fn send_stream(
                self,
            ) -> super::runtime::CallFuture<
                'a,
                super::runtime::ApiResponse<super::runtime::ByteStream>,
                $error,
            > {
                let request = self.request();
                self.client.execute_stream::<$error>(request, self.options, $decode_error)
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = Result<$output, super::runtime::Error<$error>>;
            type IntoFuture = super::runtime::CallFuture<'a, $output, $error>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

#[allow(
    unused_imports,
    reason = "only generated `operations` modules invoke it, and a spec may have none"
)]
pub(crate) use request_builder;
