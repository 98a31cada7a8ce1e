//! Answers read as they arrive: a body as a stream of byte chunks (no buffered-body limit; a
//! stream that stalls ends with [`StreamError::Stalled`]), server-sent events
//! (`text/event-stream`) and JSON lines (`application/x-ndjson`) as streams of typed items, where
//! an item that does not decode is one error item and the stream goes on.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt};

/// Why a streamed answer ended early, or why one of its items is not there.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// No bytes arrived for `after` (the client's `stall_timeout`): the stream ends.
    Stalled {
        /// The stall timeout.
        after: Duration,
    },
    /// The connection failed while the body arrived: the stream ends.
    Transport(reqwest::Error),
    /// One event or line whose data does not decode as the declared type; the stream goes on.
    Decode {
        /// What did not match.
        message: String,
        /// The start of the item's data.
        data: String,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Stalled { after } => {
                write!(f, "the answer stalled: no bytes for {after:?}")
            }
            StreamError::Transport(e) => write!(f, "the answer broke off: {e}"),
            StreamError::Decode { message, data } => {
                write!(f, "an item does not decode: {message} (data: {data})")
            }
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(e) => Some(e),
            _ => None,
        }
    }
}

type Boxed<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// A body as it arrives, chunk by chunk (`futures_util::StreamExt::next`); memory holds one
/// chunk at a time. An error is the last item.
pub struct ByteStream {
    inner: Boxed<Result<Bytes, StreamError>>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The body of `response`, each chunk awaited at most `stall` after the one before.
    pub(super) fn new(response: reqwest::Response, stall: Duration) -> Self {
        let chunks = stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            match tokio::time::timeout(stall, response.chunk()).await {
                Ok(Ok(Some(chunk))) => Some((Ok(chunk), Some(response))),
                Ok(Ok(None)) => None,
                Ok(Err(e)) => Some((Err(StreamError::Transport(e)), None)),
                Err(_) => Some((Err(StreamError::Stalled { after: stall }), None)),
            }
        });
        ByteStream {
            inner: Box::pin(chunks),
        }
    }

    /// The whole body, collected (it is then all in memory).
    pub async fn collect_bytes(mut self) -> Result<Vec<u8>, StreamError> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// How one event's data or one line becomes an item.
type DecodeItem<T> = fn(&str) -> Result<T, String>;

/// An item as JSON.
#[doc(hidden)]
pub fn json_item<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|e| e.to_string())
}

/// An item that is text as it is.
#[doc(hidden)]
pub fn text_item(data: &str) -> Result<String, String> {
    Ok(data.to_owned())
}

/// The start of an item's data, for an error.
fn start_of(data: &str) -> String {
    data.chars().take(200).collect()
}

/// Lines cut from a byte stream (`\n`, `\r\n` or `\r` end one); the last, unended line is
/// given at the end.
struct Lines {
    bytes: ByteStream,
    buffer: Vec<u8>,
    ready: VecDeque<String>,
    /// A `\r` ended the last line: a `\n` right after it belongs to it.
    after_cr: bool,
    ended: bool,
}

impl Lines {
    fn new(bytes: ByteStream) -> Self {
        Lines {
            bytes,
            buffer: Vec::new(),
            ready: VecDeque::new(),
            after_cr: false,
            ended: false,
        }
    }

    /// The next line, `None` at the end, an error when the bytes stopped early.
    async fn next_line(&mut self) -> Option<Result<String, StreamError>> {
        loop {
            if let Some(line) = self.ready.pop_front() {
                return Some(Ok(line));
            }
            if self.ended {
                return None;
            }
            match self.bytes.next().await {
                Some(Ok(chunk)) => self.cut(&chunk),
                Some(Err(e)) => {
                    self.ended = true;
                    return Some(Err(e));
                }
                None => {
                    self.ended = true;
                    if !self.buffer.is_empty() {
                        let line = String::from_utf8_lossy(&self.buffer).into_owned();
                        self.buffer.clear();
                        self.ready.push_back(line);
                    }
                }
            }
        }
    }

    fn cut(&mut self, chunk: &[u8]) {
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = String::from_utf8_lossy(&self.buffer).into_owned();
                    self.buffer.clear();
                    self.ready.push_back(line);
                }
                other => {
                    self.after_cr = false;
                    self.buffer.push(other);
                }
            }
        }
    }
}

/// One server-sent event: its `data` decoded, and its `event`, `id` and `retry` fields.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The `event` field (`None`: the default type, `message`).
    pub event: Option<String>,
    /// The last event id the stream set, as of this event.
    pub id: Option<String>,
    /// The reconnection time the server asked for, when this event set one.
    pub retry: Option<Duration>,
    /// The event's `data`, decoded.
    pub data: T,
}

/// A `text/event-stream` answer as typed events (the HTML Living Standard's event stream
/// format): comments and events without data (keep-alives) are skipped; an event whose data does
/// not decode is a [`StreamError::Decode`] item and the stream goes on.
pub struct EventStream<T> {
    inner: Boxed<Result<Event<T>, StreamError>>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

/// What an event stream holds between events.
struct EventState<T> {
    lines: Lines,
    decode: DecodeItem<T>,
    last_id: Option<String>,
}

impl<T: Send + 'static> EventStream<T> {
    #[doc(hidden)]
    pub fn new(bytes: ByteStream, decode: DecodeItem<T>) -> Self {
        let state = EventState {
            lines: Lines::new(bytes),
            decode,
            last_id: None,
        };
        let events = stream::unfold(state, |mut state| async move {
            let mut event: Option<String> = None;
            let mut data: Option<String> = None;
            let mut retry = None;
            loop {
                let line = match state.lines.next_line().await? {
                    Ok(line) => line,
                    Err(e) => return Some((Err(e), state)),
                };
                if line.is_empty() {
                    let Some(mut text) = data.take() else {
                        // A blank line after no data (a keep-alive): nothing to give.
                        event = None;
                        continue;
                    };
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    let item = match (state.decode)(&text) {
                        Ok(value) => Ok(Event {
                            event: event.take(),
                            id: state.last_id.clone(),
                            retry,
                            data: value,
                        }),
                        Err(message) => Err(StreamError::Decode {
                            message,
                            data: start_of(&text),
                        }),
                    };
                    return Some((item, state));
                }
                if line.starts_with(':') {
                    continue;
                }
                let (field, value) = match line.split_once(':') {
                    Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                    None => (line.as_str(), ""),
                };
                match field {
                    "event" => event = Some(value.to_owned()),
                    "data" => {
                        let text = data.get_or_insert_with(String::new);
                        text.push_str(value);
                        text.push('\n');
                    }
                    "id" if !value.contains('\0') => state.last_id = Some(value.to_owned()),
                    "retry" => {
                        if let Ok(ms) = value.parse::<u64>() {
                            retry = Some(Duration::from_millis(ms));
                        }
                    }
                    _ => {}
                }
            }
        });
        EventStream {
            inner: Box::pin(events),
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// A JSON-lines answer (`application/x-ndjson`, `application/jsonl`) as typed items, one per
/// non-blank line; a line that does not decode is a [`StreamError::Decode`] item and the stream
/// goes on.
pub struct JsonLines<T> {
    inner: Boxed<Result<T, StreamError>>,
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines").finish_non_exhaustive()
    }
}

impl<T: Send + 'static> JsonLines<T> {
    #[doc(hidden)]
    pub fn new(bytes: ByteStream, decode: DecodeItem<T>) -> Self {
        let items = stream::unfold(Lines::new(bytes), move |mut lines| async move {
            loop {
                let line = match lines.next_line().await? {
                    Ok(line) => line,
                    Err(e) => return Some((Err(e), lines)),
                };
                if line.trim().is_empty() {
                    continue;
                }
                let item = decode(&line).map_err(|message| StreamError::Decode {
                    message,
                    data: start_of(&line),
                });
                return Some((item, lines));
            }
        });
        JsonLines {
            inner: Box::pin(items),
        }
    }
}

impl<T> Stream for JsonLines<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
