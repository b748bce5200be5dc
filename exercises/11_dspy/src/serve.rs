//! `dspy-serve`: the predictors behind an HTTP endpoint.
//!
//! ```text
//! POST /ask  {"question": "…", "cot": false, "context": null}  →  {"answer": "…", "reasoning": null}
//! GET /health                                                  →  {"status": "ok"}
//! ```
//!
//! The DSPy modules are built once, when the service starts. Each question runs on one
//! of tokio's blocking threads, at most `max_in_flight` at a time: Python must never
//! run on the async threads, or one slow model would stall every connection.

use std::future::Future;
use std::sync::Arc;

use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::{AskError, ContextQa, LmConfig, Prediction, Predictor, Strategy};

// ANCHOR: answerers
/// The three DSPy modules a request may choose from, built once and shared.
pub struct Answerers {
    predict: Predictor,
    chain_of_thought: Predictor,
    context_qa: ContextQa,
}

impl Answerers {
    /// Start Python if needed and build every module (blocking: call it off the async threads).
    pub fn new(config: &LmConfig) -> Result<Answerers, AskError> {
        Ok(Answerers {
            predict: Predictor::new(config, Strategy::Predict)?,
            chain_of_thought: Predictor::new(config, Strategy::ChainOfThought)?,
            context_qa: ContextQa::new(config)?,
        })
    }

    /// Answer one request with the module it asks for (blocking, like `Predictor::ask`).
    fn ask(&self, request: &AskRequest) -> Result<Prediction, AskError> {
        match (&request.context, request.cot) {
            (Some(context), _) => self.context_qa.ask(context, &request.question),
            (None, true) => self.chain_of_thought.ask(&request.question),
            (None, false) => self.predict.ask(&request.question),
        }
    }
}
// ANCHOR_END: answerers

// ANCHOR: wire
/// The body of `POST /ask`. Only `question` is required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    pub question: String,
    /// Think step by step (`ChainOfThought`) and return the reasoning.
    #[serde(default)]
    pub cot: bool,
    /// Answer from this text, with the custom `ContextQA` module.
    #[serde(default)]
    pub context: Option<String>,
}

/// The reply of `POST /ask`: `reasoning` is `null` unless the module reasoned.
#[derive(Debug, Serialize)]
pub struct AskReply {
    pub answer: String,
    pub reasoning: Option<String>,
}

/// A failed request: its status and one sentence, sent as `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (
            self.status,
            Json(Body {
                error: self.message,
            }),
        )
            .into_response()
    }
}
// ANCHOR_END: wire

// ANCHOR: extractor
/// `Json<AskRequest>`, but every malformed body is a 400 with a JSON error. Axum's own
/// `Json` answers 415 for a missing content type and 422 for a wrong field type, with
/// a plain-text body; a client of this API reads one status and one JSON shape.
pub struct AskBody(pub AskRequest);

impl<S: Send + Sync> FromRequest<S> for AskBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<AskBody, ApiError> {
        // ANCHOR: todo-extract
        // TODO (serve): read the body as `Json<AskRequest>`, and turn every way it can
        // fail into a 400.
        // - `Json::<AskRequest>::from_request(request, state).await` does the reading;
        //   its error, a `JsonRejection`, says what is wrong in `.body_text()`.
        // - Map that error to `ApiError { status: StatusCode::BAD_REQUEST, message }`,
        //   with a message that says what the body must be (JSON with a "question").
        // - A question that is empty (or only spaces) is a 400 too.
        // Read: "DSPy from Rust", "A service".
        let _ = (request, state); // delete: silences "unused"
        todo!("read the request's JSON body")
        // ANCHOR_END: todo-extract
    }
}
// ANCHOR_END: extractor

// ANCHOR: status_of
/// The HTTP status that says whose fault an error is: 502 when the model's server
/// failed or could not be reached, 504 when it took longer than the config allows,
/// 500 for anything else (a bug here, or in Python).
pub fn status_of(err: &AskError) -> StatusCode {
    // ANCHOR: todo-status
    // TODO (serve): whose fault is it? 502 (`StatusCode::BAD_GATEWAY`) when the model's
    // server failed, could not be reached or replied nonsense (`Server`, `Transport`,
    // `Unparsable`, `Lm`); 504 (`GATEWAY_TIMEOUT`) for `Timeout`; 500 for the rest.
    let _ = err; // delete: silences "unused"
    todo!("the status of an error")
    // ANCHOR_END: todo-status
}
// ANCHOR_END: status_of

/// What every request shares: the modules, and the permits that bound how many
/// questions are in flight.
#[derive(Clone)]
struct Service {
    answerers: Arc<Answerers>,
    permits: Arc<Semaphore>,
}

/// The routes, ready to serve. At most `max_in_flight` questions run at once; the
/// rest wait their turn.
pub fn router(answerers: Answerers, max_in_flight: usize) -> Router {
    let service = Service {
        answerers: Arc::new(answerers),
        permits: Arc::new(Semaphore::new(max_in_flight)),
    };
    Router::new()
        .route("/ask", post(ask))
        .route("/health", get(health))
        .with_state(service)
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

// ANCHOR: ask
/// `POST /ask`: wait for a permit, run the question on a blocking thread, reply.
async fn ask(
    State(service): State<Service>,
    AskBody(request): AskBody,
) -> Result<Json<AskReply>, ApiError> {
    // ANCHOR: todo-ask
    // TODO (serve): answer one request, at most `max_in_flight` at a time.
    // - Wait for a permit: `Arc::clone(&service.permits).acquire_owned().await`.
    // - Run `answerers.ask(&request)` in `tokio::task::spawn_blocking`, with a clone
    //   of `service.answerers` and the permit moved into the closure: Python blocks
    //   its thread, and should the client hang up, the call runs on with its permit.
    // - A failed question: log `dspy-serve: POST /ask: STATUS: ERROR` on stderr and
    //   return `ApiError` with `status_of(&err)` and the error's one line.
    // - Reply with `Json(AskReply { answer, reasoning })`.
    // Read: "Async Rust, blocking Python", "A service".
    let _ = (service.answerers, service.permits, request, Answerers::ask); // delete: silences "unused"
    todo!("answer the question")
    // ANCHOR_END: todo-ask
}
// ANCHOR_END: ask

// ANCHOR: serve
/// Serve `router` on `listener` until `shutdown` completes, then finish the requests
/// in flight (and their Python calls) before returning.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes when the service is asked to stop: SIGTERM (what `kill`, systemd and
/// container runtimes send) or Ctrl-C.
pub async fn shutdown_signal() {
    // ANCHOR: todo-shutdown
    // TODO (serve): complete when SIGTERM or Ctrl-C arrives. Until you do, this waits
    // forever: SIGTERM then kills the service mid-answer, with no chance to finish.
    // - `tokio::signal::ctrl_c()` is a future that completes on Ctrl-C.
    // - On Unix, `tokio::signal::unix::signal(SignalKind::terminate())` gives a stream
    //   of SIGTERMs: `.recv().await` the first.
    // - `tokio::select!` waits for whichever comes first.
    std::future::pending::<()>().await;
    // ANCHOR_END: todo-shutdown
}
// ANCHOR_END: serve
