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
        let bad_request = |message: String| ApiError {
            status: StatusCode::BAD_REQUEST,
            message,
        };
        let Json(body) = Json::<AskRequest>::from_request(request, state)
            .await
            .map_err(|rejection| {
                bad_request(format!(
                    "the body must be JSON like {{\"question\": \"…\"}} sent as \
                     application/json: {}",
                    rejection.body_text()
                ))
            })?;
        if body.question.trim().is_empty() {
            return Err(bad_request("the question must not be empty".to_string()));
        }
        Ok(AskBody(body))
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
    match err {
        AskError::Server { .. }
        | AskError::Transport { .. }
        | AskError::Unparsable { .. }
        | AskError::Lm { .. } => StatusCode::BAD_GATEWAY,
        AskError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
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
    // An owned permit moves into the blocking task: should the client hang up, this
    // future is dropped, but the Python call runs on, and keeps its permit until done.
    let permit = Arc::clone(&service.permits)
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    let answerers = Arc::clone(&service.answerers);
    let answered = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        answerers.ask(&request)
    })
    .await;
    let prediction = match answered {
        Ok(Ok(prediction)) => prediction,
        Ok(Err(err)) => {
            let status = status_of(&err);
            // The error is already free of the API key (see `AskError::redact`).
            eprintln!("dspy-serve: POST /ask: {}: {err}", status.as_u16());
            return Err(ApiError {
                status,
                message: err.to_string(),
            });
        }
        Err(join_error) => {
            eprintln!("dspy-serve: POST /ask: the question's thread failed: {join_error}");
            return Err(ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: "the question's thread failed; see the service's log".to_string(),
            });
        }
    };
    Ok(Json(AskReply {
        answer: prediction.answer,
        reasoning: prediction.reasoning,
    }))
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
    let ctrl_c = async {
        // Should the handler fail to install, wait for SIGTERM alone.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    // ANCHOR_END: todo-shutdown
}
// ANCHOR_END: serve
