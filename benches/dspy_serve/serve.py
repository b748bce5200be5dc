"""The Python twin of `dspy-serve`, for the load test: the same API, the same DSPy calls.

    python benches/dspy_serve/serve.py PROVIDER/MODEL API_BASE [--listen HOST:PORT] [--max-in-flight N]

POST /ask {"question": "…", "cot": false, "context": null} answers through DSPy's
`Predict` (or `ChainOfThought` with "cot"; the context is ignored here: the benchmark
does not send one), at most N at a time, each within TIMEOUT_SECONDS through
`acall` under `asyncio.wait_for`, as the Rust service does. GET /health answers 200.
Standard library only, besides DSPy: a ThreadingHTTPServer, one thread a connection.
Prints `listening on http://ADDR` once it accepts connections; SIGTERM stops it.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network on import
import dspy  # after the variable above
from dspy.utils.exceptions import LMError

TIMEOUT_SECONDS = 60.0


def build_modules(model: str, api_base: str) -> dict[bool, dspy.Module]:
    """One module for each value of "cot", built once."""
    lm = dspy.LM(model, api_base=api_base, api_key="no-key", num_retries=0, cache=False)
    modules = {
        False: dspy.Predict("question -> answer"),
        True: dspy.ChainOfThought("question -> answer"),
    }
    for module in modules.values():
        module.set_lm(lm)
    return modules


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 resets connections when 64 clients connect at once;
    # the Rust service (tokio) asks for 1024.
    request_queue_size = 1024


def make_handler(modules: dict[bool, dspy.Module], permits: threading.BoundedSemaphore):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the Rust service (hyper) does
        # The headers and the body leave in two writes: with Nagle's algorithm on, the
        # body waits for the client's delayed ACK, about 40 ms a reply on a kept-alive
        # connection (measured: a p50 of 52 ms at 1 client, against 7 ms without).
        # The Rust service shows no such wait.
        disable_nagle_algorithm = True

        def do_GET(self):
            if self.path == "/health":
                return self.reply(200, {"status": "ok"})
            return self.reply(404, {"error": "no such page"})

        def do_POST(self):
            if self.path != "/ask":
                return self.reply(404, {"error": "no such page"})
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                question, cot = body["question"], body.get("cot", False)
                if not isinstance(question, str) or not isinstance(cot, bool):
                    raise TypeError("question must be a string and cot a boolean")
            except (ValueError, KeyError, TypeError) as error:
                return self.reply(
                    400, {"error": f"the body must be JSON like {{'question': '…'}}: {error}"}
                )
            with permits:
                try:
                    prediction = asyncio.run(
                        asyncio.wait_for(modules[cot].acall(question=question), TIMEOUT_SECONDS)
                    )
                except asyncio.TimeoutError:
                    return self.reply(504, {"error": "the model's server timed out"})
                except LMError as error:
                    return self.reply(502, {"error": f"the model's server failed: {error}"})
            reply = {"answer": prediction.answer, "reasoning": prediction.get("reasoning")}
            return self.reply(200, reply)

        def reply(self, status: int, payload: dict):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):  # one line a request would cost as much as the rest
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("api_base")
    parser.add_argument("--listen", default="127.0.0.1:8000")
    parser.add_argument("--max-in-flight", type=int, default=4)
    args = parser.parse_args()
    host, _, port = args.listen.rpartition(":")
    modules = build_modules(args.model, args.api_base)
    server = Server(
        (host, int(port)), make_handler(modules, threading.BoundedSemaphore(args.max_in_flight))
    )
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"listening on http://{host}:{server.server_address[1]}", flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
