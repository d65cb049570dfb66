"""Clients of the verdict reward server for Python RL trainers, using only the standard library.

- TRL: ``make_trl_reward(...)`` returns an async reward function for ``GRPOTrainer(reward_funcs=...)``.
- verl: ``compute_score`` is a batch ``compute_score`` for ``reward_model.reward_manager=batch``.
- OpenRLHF needs no client: pass ``--remote_rm_url http://127.0.0.1:8000/get_reward``.

The server address comes from the ``url`` argument, else the ``VERDICT_URL`` environment variable,
else ``http://127.0.0.1:8000``. Start the server with ``verdict serve``.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import urllib.error
import urllib.request
from typing import Any, Callable, Optional, Sequence

DEFAULT_URL = "http://127.0.0.1:8000"


class VerdictError(RuntimeError):
    """The server rejected a request (status 4xx/5xx) or could not be reached."""


def server_url(url: Optional[str] = None) -> str:
    """Return the server's base URL without a trailing slash."""
    return (url or os.environ.get("VERDICT_URL") or DEFAULT_URL).rstrip("/")


def post_json(url: str, body: dict, timeout_s: float) -> dict:
    """POST ``body`` as JSON and return the decoded response.

    Raises ``TimeoutError`` when the server does not respond within ``timeout_s`` seconds and
    ``VerdictError`` for an error status or a refused connection.
    """
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")
        raise VerdictError(f"verdict server returned status {error.code} for {url}: {detail}") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise TimeoutError(f"verdict server did not respond within {timeout_s} s: {url}") from error
        raise VerdictError(f"cannot reach the verdict server at {url}: {error.reason}") from error
    except (socket.timeout, TimeoutError) as error:
        raise TimeoutError(f"verdict server did not respond within {timeout_s} s: {url}") from error


def score_items(items: list, reward: Optional[dict] = None, url: Optional[str] = None, timeout_s: float = 60.0) -> dict:
    """Score ``items`` with ``POST /v1/rewards``; returns ``{"rewards": [...], "items": [...]}``."""
    body: dict = {"items": items}
    if reward is not None:
        body["reward"] = reward
    return post_json(f"{server_url(url)}/v1/rewards", body, timeout_s)


def message_text(value: Any) -> str:
    """Return the text of a plain string, or of the last message of a chat-format list."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[-1], dict):
        return str(value[-1].get("content", ""))
    return "" if value is None else str(value)


def make_trl_reward(
    reference_column: str = "answer",
    url: Optional[str] = None,
    verifier: Optional[str] = None,
    suite: Optional[str] = None,
    options: Optional[dict] = None,
    reward: Optional[dict] = None,
    batch_size: int = 256,
    max_concurrent_batches: int = 4,
    timeout_s: float = 60.0,
    name: str = "verdict_reward",
) -> Callable[..., Any]:
    """Return an async TRL reward function ``f(prompts, completions, **columns) -> list[float | None]``.

    ``reference_column`` names the dataset column with the reference answers. Completions are sent
    in batches of ``batch_size`` items, at most ``max_concurrent_batches`` at a time. A batch that
    gets no answer within ``timeout_s`` seconds, and an item that ran out of the server's time
    budget, get ``None``, which TRL treats as "no reward from this function" for that sample.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")

    async def reward_function(prompts: Sequence[Any], completions: Sequence[Any], **columns: Any) -> list:
        if reference_column not in columns:
            raise KeyError(f"dataset column {reference_column!r} not found; columns: {sorted(columns)}")
        references = columns[reference_column]
        token_ids = columns.get("completion_ids")
        items = []
        for index, completion in enumerate(completions):
            item: dict = {
                "prompt": message_text(prompts[index]),
                "completion": message_text(completion),
                "reference": references[index],
            }
            if verifier is not None:
                item["verifier"] = verifier
            if suite is not None:
                item["suite"] = suite
            if options is not None:
                item["options"] = options
            if token_ids is not None:
                item["completion_tokens"] = len(token_ids[index])
            items.append(item)

        limit = asyncio.Semaphore(max_concurrent_batches)

        async def score_batch(batch: list) -> list:
            async with limit:
                try:
                    answer = await asyncio.to_thread(score_items, batch, reward, url, timeout_s)
                except TimeoutError:
                    return [None] * len(batch)
            return [None if result["timeout"] else float(result["reward"]) for result in answer["items"]]

        batches = [items[start : start + batch_size] for start in range(0, len(items), batch_size)]
        scored = await asyncio.gather(*(score_batch(batch) for batch in batches))
        return [value for batch in scored for value in batch]

    reward_function.__name__ = name
    return reward_function


def compute_score(
    data_sources: Sequence[Any],
    solution_strs: Sequence[str],
    ground_truths: Sequence[Any],
    extra_infos: Optional[Sequence[Any]] = None,
    url: Optional[str] = None,
    verifier: Optional[str] = None,
    reward: Optional[dict] = None,
    timeout_s: float = 300.0,
    **_unused: Any,
) -> list:
    """Batch ``compute_score`` for verl's batch reward manager.

    A data source that names a built-in verdict suite (``gsm8k``, ``math500``, ...) selects that
    suite's verifier; other data sources use ``verifier``, else the server's default. Returns one
    dict per response: ``score`` (the reward; the server's timeout reward for an item that ran out
    of time), ``acc`` (1.0 when the verdict is correct) and ``timeout`` (1.0 or 0.0).
    """
    del extra_infos  # verdict needs only the response and its reference.
    suites = _builtin_suites(url, timeout_s)
    items = []
    for index, solution in enumerate(solution_strs):
        item: dict = {"completion": solution, "reference": ground_truths[index]}
        source = data_sources[index] if index < len(data_sources) else None
        if isinstance(source, str) and source in suites:
            item["suite"] = source
        elif verifier is not None:
            item["verifier"] = verifier
        items.append(item)

    answer = score_items(items, reward, url, timeout_s)
    return [
        {
            "score": float(result["reward"]),
            "acc": 1.0 if result["verdict"]["correct"] else 0.0,
            "timeout": 1.0 if result["timeout"] else 0.0,
        }
        for result in answer["items"]
    ]


_suite_cache: dict = {}


def _builtin_suites(url: Optional[str], timeout_s: float) -> frozenset:
    base = server_url(url)
    if base not in _suite_cache:
        request = urllib.request.Request(f"{base}/health", method="GET")
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                _suite_cache[base] = frozenset(json.loads(response.read()).get("suites", []))
        except urllib.error.URLError as error:
            raise VerdictError(f"cannot reach the verdict server at {base}: {error.reason}") from error
    return _suite_cache[base]
