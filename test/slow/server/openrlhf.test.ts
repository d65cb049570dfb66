import { describe, expect, it } from "vitest";
import { completionFromQuery, stripSpecialTokens } from "../../../src/server/openrlhf.js";

// Pure helpers of the /get_reward endpoint; they sit with the server tests they serve.
describe("completionFromQuery", () => {
  const qwenPrompt = "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";
  const llamaPrompt =
    "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
  const deepSeekPrompt = "<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜><think>\n";

  it.each([
    [
      "Qwen with left padding",
      `<|endoftext|><|endoftext|>${qwenPrompt}\\boxed{4}<|im_end|><|endoftext|>`,
      qwenPrompt,
      "\\boxed{4}",
    ],
    ["Llama 3 end of turn", `${llamaPrompt}It is \\boxed{4}.<|eot_id|>`, llamaPrompt, "It is \\boxed{4}."],
    [
      "DeepSeek full-width tokens",
      `${deepSeekPrompt}add\n</think>\n\\boxed{4}<｜end▁of▁sentence｜>`,
      deepSeekPrompt,
      "add\n</think>\n\\boxed{4}",
    ],
    [
      "SentencePiece end token",
      "<s>[INST] 2+2? [/INST] \\boxed{4}</s>",
      "<s>[INST] 2+2? [/INST]",
      " \\boxed{4}",
    ],
    [
      "think tags kept",
      `${qwenPrompt}<think>\nadd\n</think>\n4<|im_end|>`,
      qwenPrompt,
      "<think>\nadd\n</think>\n4",
    ],
    [
      "answer repeating the prompt",
      `${qwenPrompt}${qwenPrompt}4`,
      qwenPrompt,
      "user\nWhat is 2+2?\nassistant\n4",
    ],
  ])("%s", (_case, query, prompt, expected) => {
    expect(completionFromQuery(query, prompt)).toEqual({ completion: expected, promptFound: true });
  });

  it("finds a prompt whose special tokens decoded differently", () => {
    const query = "<|endoftext|>user: 2+2?\nassistant: \\boxed{4}<|im_end|>";
    expect(completionFromQuery(query, "user: 2+2?<|im_end|>\nassistant: ")).toEqual({
      completion: "\\boxed{4}",
      promptFound: true,
    });
  });

  it("scores the whole query when the prompt is missing", () => {
    expect(completionFromQuery("\\boxed{4}<|im_end|>", "unrelated prompt")).toEqual({
      completion: "\\boxed{4}",
      promptFound: false,
    });
  });
});

describe("stripSpecialTokens", () => {
  it.each([
    ["pipes inside text kept", "a <| b |> c", "a <| b |> c"],
    ["HTML-like tags kept", "<answer>4</answer>", "<answer>4</answer>"],
    ["BERT tokens removed", "[CLS] 4 [SEP][PAD]", " 4 "],
    ["Gemma turn tokens removed", "<start_of_turn>model\n4<end_of_turn>", "model\n4"],
  ])("%s", (_case, text, expected) => {
    expect(stripSpecialTokens(text)).toBe(expected);
  });
});
