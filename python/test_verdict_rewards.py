"""Tests of the Python adapters against a live ``verdict serve`` at ``VERDICT_URL``.

The server must run with an item budget well under 5 s (the vitest runner uses 2 s), so the
slow item below times out. Run: ``VERDICT_URL=http://127.0.0.1:PORT python3 -m unittest discover -s python``.
"""

import asyncio
import inspect
import json
import os
import unittest
import urllib.request

import verdict_rewards

URL = os.environ.get("VERDICT_URL", verdict_rewards.DEFAULT_URL)
# An endless loop, run by the code verifier in its JavaScript isolate with its own limits raised to
# 60 s, so the server's item budget is what stops it; the second program passes the same test.
LOOP = "```javascript\nfunction f() { while (true) {} }\n```"
PASSING = "```javascript\nfunction f() { return 1; }\n```"
CODE_REFERENCE = {"entry_point": "f", "calls": [{"args": [], "expected": 1}], "language": "javascript"}
CODE_OPTIONS = {"timeoutMs": 60000, "cpuTimeMs": 60000}


class TrlRewardTest(unittest.TestCase):
    def test_is_async_and_named(self):
        reward = verdict_rewards.make_trl_reward(url=URL, name="math_accuracy")
        self.assertTrue(inspect.iscoroutinefunction(reward))
        self.assertEqual(reward.__name__, "math_accuracy")

    def test_scores_plain_completions(self):
        reward = verdict_rewards.make_trl_reward(url=URL)
        values = asyncio.run(reward(["2+2?", "2+2?"], ["\\boxed{4}", "\\boxed{5}"], answer=["4", "4"]))
        self.assertEqual(values, [1.0, 0.0])

    def test_scores_chat_completions(self):
        reward = verdict_rewards.make_trl_reward(url=URL, reference_column="solution")
        prompts = [[{"role": "user", "content": "2+2?"}]]
        completions = [[{"role": "assistant", "content": "It is \\boxed{4}."}]]
        self.assertEqual(asyncio.run(reward(prompts, completions, solution=["4"])), [1.0])

    def test_keeps_order_across_batches(self):
        reward = verdict_rewards.make_trl_reward(url=URL, batch_size=2, max_concurrent_batches=3)
        answers = [str(number) for number in range(7)]
        completions = [f"\\boxed{{{number if number % 2 == 0 else number + 1}}}" for number in range(7)]
        values = asyncio.run(reward([""] * 7, completions, answer=answers))
        self.assertEqual(values, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])

    def test_passes_token_counts_to_length_rewards(self):
        reward = verdict_rewards.make_trl_reward(url=URL, reward={"overlong": {"maxLength": 10, "cacheLength": 4}})
        values = asyncio.run(reward(["", ""], ["a", "b"], answer=["1", "1"], completion_ids=[[1] * 6, [1] * 8]))
        self.assertEqual(values, [0.0, -0.5])

    def test_item_over_server_budget_is_none(self):
        reward = verdict_rewards.make_trl_reward(url=URL, verifier="code", options=CODE_OPTIONS)
        values = asyncio.run(reward(["", ""], [LOOP, PASSING], answer=[CODE_REFERENCE, CODE_REFERENCE]))
        self.assertEqual(values, [None, 1.0])

    def test_http_timeout_is_none(self):
        reward = verdict_rewards.make_trl_reward(url=URL, verifier="code", options=CODE_OPTIONS, timeout_s=0.05)
        self.assertEqual(asyncio.run(reward([""], [LOOP], answer=[CODE_REFERENCE])), [None])

    def test_missing_reference_column_raises(self):
        reward = verdict_rewards.make_trl_reward(url=URL, reference_column="answer")
        with self.assertRaises(KeyError):
            asyncio.run(reward(["q"], ["\\boxed{1}"], solution=["1"]))

    def test_invalid_request_raises_with_field(self):
        reward = verdict_rewards.make_trl_reward(url=URL, verifier="chess")
        with self.assertRaises(verdict_rewards.VerdictError) as caught:
            asyncio.run(reward(["q"], ["\\boxed{1}"], answer=["1"]))
        self.assertIn("items[0].verifier", str(caught.exception))


class VerlComputeScoreTest(unittest.TestCase):
    def test_batch_scores_with_suite_data_source(self):
        scores = verdict_rewards.compute_score(
            data_sources=["gsm8k", "my_dataset"],
            solution_strs=["So the answer is \\boxed{72}.", "\\boxed{3}"],
            ground_truths=["72", "4"],
            extra_infos=[{}, {}],
            url=URL,
        )
        self.assertEqual(scores, [{"score": 1.0, "acc": 1.0, "timeout": 0.0}, {"score": 0.0, "acc": 0.0, "timeout": 0.0}])

    def test_empty_batch(self):
        self.assertEqual(verdict_rewards.compute_score([], [], [], url=URL), [])


class OpenRlhfRemoteRewardTest(unittest.TestCase):
    def test_get_reward_shape(self):
        prompt = "<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n"
        body = {"query": [f"{prompt}\\boxed{{4}}<|im_end|>"], "prompts": [prompt], "labels": ["4"]}
        request = urllib.request.Request(
            f"{URL}/get_reward", data=json.dumps(body).encode(), headers={"content-type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
        self.assertEqual(answer["rewards"], [1])
        self.assertEqual(answer["scores"], [1])
        self.assertEqual(answer["extra_logs"]["timeout"], [0])


if __name__ == "__main__":
    unittest.main()
