"""A fake OpenAI-compatible chat server on 127.0.0.1, for testing `dspy-ask` offline.

Part of exercise 11's tests: change the Rust code in src/; do not change the tests or this server.

    python loopback_server.py [PORT]

It prints the port it listens on as its first line, then serves until its standard
input closes (so a test suite that dies never leaves it behind) or it is killed.
The `model` of each request chooses what happens, so one server covers every case:

    echo        answers "You asked: <question>" in DSPy's chat format, with a reasoning
    status-500  replies with HTTP 500
    status-401  replies with HTTP 401, echoing the API key it was sent (as some servers do)
    garbage     replies 200 with text that has none of DSPy's field markers
    slow        waits SLOW_SECONDS, then answers like `echo` (slow-N: waits N seconds)
    trickle     answers like `echo`, but sends the body one byte every TRICKLE_SECONDS:
                every read gets a byte in time, so only a deadline for the whole call stops it
    hangup      closes the connection without a reply, as a server that crashed would
    together-NAME-N
                holds each request until N requests of this model are being answered at
                once, then answers them all like `echo`: only a client that asks N
                questions at the same time gets answers. Alone, a request waits
                TOGETHER_SECONDS and gets HTTP 500. (NAME keeps tests that run at the
                same time apart.)
    most-NAME   answers like `echo` after MOST_SECONDS, counting how many requests of
                this model it holds at once: `GET /most/NAME` answers {"most": N}, the
                largest count so far

`GET /in-flight` answers {"in_flight": N}: how many chat requests are being answered.

The provider prefix (`openai/echo`) is stripped by the client before the request is sent.
A question that starts with a model's name in brackets, `[status-500] Hello?`, is served
as that model: one client, with one config, can meet every fault (dspy-serve's tests).
"""

import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 3.0
TRICKLE_SECONDS = 0.05
TOGETHER_SECONDS = 2.0
MOST_SECONDS = 0.1
QUESTION = re.compile(r"\[\[ ## question ## \]\]\n(.*?)(?:\n\n|\Z)", re.DOTALL)
CHOSEN_MODEL = re.compile(r"\[([a-z0-9.-]+)\]")


def question_of(messages: list[dict]) -> str:
    """The question DSPy put in the last user message."""
    user = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    if isinstance(user, list):  # content given as parts
        user = "".join(part.get("text", "") for part in user)
    found = QUESTION.search(user)
    return found.group(1).strip() if found else "nothing"


def chat_reply(messages: list[dict]) -> str:
    """An answer in DSPy's ChatAdapter format: `[[ ## field ## ]]` headers, then `completed`."""
    question = question_of(messages)
    return (
        f"[[ ## reasoning ## ]]\nThe question was: {question}\n\n"
        f"[[ ## answer ## ]]\nYou asked: {question}\n\n"
        "[[ ## completed ## ]]"
    )


# How many chat requests are being answered right now (for `GET /in-flight`).
in_flight = 0
in_flight_lock = threading.Lock()


def count_in_flight(step: int):
    global in_flight
    with in_flight_lock:
        in_flight += step


# One barrier per `together-NAME-N` model, made on its first request.
barriers: dict[str, threading.Barrier] = {}
barriers_lock = threading.Lock()


def met_together(model: str) -> bool:
    """Wait until N requests of `model` wait here; False if TOGETHER_SECONDS pass first."""
    with barriers_lock:
        barrier = barriers.setdefault(model, threading.Barrier(int(model.rsplit("-", 1)[1])))
    try:
        barrier.wait(timeout=TOGETHER_SECONDS)
        return True
    except threading.BrokenBarrierError:
        with barriers_lock:  # a broken barrier stays broken: the next ones get a new one
            if barriers.get(model) is barrier:
                del barriers[model]
        return False


# For each `most-NAME` model: [requests held now, the largest number held at once].
held: dict[str, list[int]] = {}


def hold_counted(model: str):
    with barriers_lock:
        counts = held.setdefault(model, [0, 0])
        counts[0] += 1
        counts[1] = max(counts)
    time.sleep(MOST_SECONDS)
    with barriers_lock:
        counts[0] -= 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/in-flight":
            return self.send(200, {"in_flight": in_flight})
        if self.path.startswith("/most/"):
            counts = held.get("most-" + self.path.removeprefix("/most/"), [0, 0])
            return self.send(200, {"most": counts[1]})
        return self.send(404, {"error": {"message": "loopback: no such page"}})

    def do_POST(self):
        count_in_flight(+1)
        try:
            return self.answer()
        finally:
            count_in_flight(-1)

    def answer(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        model = body.get("model", "echo").rsplit("/", 1)[-1]
        chosen = CHOSEN_MODEL.match(question_of(body.get("messages", [])))
        if chosen:
            model = chosen.group(1)
        if model == "status-500":
            return self.send(500, {"error": {"message": "loopback: injected failure"}})
        if model == "status-401":
            key = self.headers.get("Authorization", "").removeprefix("Bearer ")
            return self.send(401, {"error": {"message": f"loopback: invalid API key {key}"}})
        if model == "hangup":
            self.close_connection = True
            return None
        if model == "garbage":
            return self.send(200, completion(model, "%%% not a DSPy reply %%%"))
        if model.startswith("together-") and not met_together(model):
            message = "loopback: this request waited alone; the others never came"
            return self.send(500, {"error": {"message": message}})
        if model.startswith("most-"):
            hold_counted(model)
        if model == "slow" or model.startswith("slow-"):
            # "slow-0.8": that many seconds instead of SLOW_SECONDS.
            time.sleep(float(model.removeprefix("slow-")) if "-" in model else SLOW_SECONDS)
        pause = TRICKLE_SECONDS if model == "trickle" else 0.0
        return self.send(200, completion(model, chat_reply(body.get("messages", []))), pause)

    def send(self, status: int, payload: dict, pause: float = 0.0):
        """Reply with `payload` as JSON; with a `pause`, one byte of the body at a time."""
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            chunks = [data[i : i + 1] for i in range(len(data))] if pause else [data]
            for chunk in chunks:
                self.wfile.write(chunk)
                time.sleep(pause)
        except OSError:  # the client gave up (a timeout), which is what some tests want
            self.close_connection = True

    def log_message(self, format, *args):  # keep the test output clean
        pass


def completion(model: str, content: str) -> dict:
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the parent closes our stdin or exits
    os._exit(0)


if __name__ == "__main__":
    main()
