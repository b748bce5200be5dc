"""The producer: push tasks for `queue-worker` and wait for their results.

    python producer.py --redis redis://127.0.0.1:6379/0 --queue words FILE

pushes one task per line of FILE and prints each line's number of distinct words.
"""

import argparse
import json
import time
import uuid

import redis


def push_tasks(client: redis.Redis, queue: str, texts: list[str]) -> list[str]:
    """LPUSH one task per text; return their ids, in the texts' order."""
    ids = [uuid.uuid4().hex for _ in texts]
    pipe = client.pipeline(transaction=False)
    for task_id, text in zip(ids, texts):
        pipe.lpush(queue, json.dumps({"id": task_id, "text": text}))
    pipe.execute()
    return ids


def wait_for_results(
    client: redis.Redis, queue: str, ids: list[str], timeout: float = 60
) -> dict[str, int]:
    """Poll `<queue>:results` until every id has a result, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        results = client.hgetall(f"{queue}:results")
        if all(task_id in results for task_id in ids):
            return {task_id: int(results[task_id]) for task_id in ids}
        if time.monotonic() > deadline:
            missing = sum(task_id not in results for task_id in ids)
            raise TimeoutError(f"{missing} of {len(ids)} tasks have no result yet")
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", required=True)
    parser.add_argument("--queue", required=True)
    parser.add_argument("file")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis, decode_responses=True)
    with open(args.file, encoding="utf-8") as lines:
        texts = [line.rstrip("\n") for line in lines]
    ids = push_tasks(client, args.queue, texts)
    for task_id, words in wait_for_results(client, args.queue, ids).items():
        print(task_id, words)


if __name__ == "__main__":
    main()
