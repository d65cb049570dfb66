import { writeFile } from "node:fs/promises";
import { seededRandom } from "../../verifiers/seeded-random.js";

/**
 * Writes a tiny random-weight llama-architecture GGUF file (version 3, F32 tensors) that
 * llama.cpp loads and runs on CPU in milliseconds. Tests write it themselves, so nothing is
 * downloaded. The text it generates is random, as expected from random weights.
 *
 * Layout facts (GGUF v3 as read by llama.cpp): little-endian header `GGUF`, version, tensor
 * count, key/value count; then the key/values, the tensor descriptions, padding to
 * `general.alignment` (32 by default) and the tensor data, each tensor starting on an aligned
 * offset. Tensor dimensions are listed innermost first, as ggml stores them.
 */

/** Words added to the vocabulary after the control, byte and single-character tokens. */
const words = ["▁the", "▁answer", "▁is", "▁boxed", "<think>", "</think>"];

/** Single characters, so that ordinary text tokenizes without falling back to byte tokens. */
const characters = ["▁", ..."abcdefghijklmnopqrstuvwxyz0123456789.,{}\\<>/"];

const dimensions = {
  embedding: 64,
  feedForward: 128,
  layers: 2,
  heads: 4,
  contextLength: 2048,
};

/** Options of {@link writeTinyGguf}. */
export interface TinyGgufOptions {
  /** Seed of the weight generator; the same seed writes the same bytes. Default 1. */
  seed?: number;
  /**
   * When true (the default), the weights make `</s>` practically impossible to sample, so every
   * sample runs to its token limit. Tests that need deterministic `length` finishes rely on it.
   */
  suppressEndOfSequence?: boolean;
  /** A Jinja chat template stored as `tokenizer.chat_template`; none by default. */
  chatTemplate?: string;
}

const ggufType = { uint32: 4, int32: 5, float32: 6, string: 8, array: 9 } as const;
const tensorTypeF32 = 0;
const alignment = 32;

type MetadataValue =
  | { type: "uint32"; value: number }
  | { type: "float32"; value: number }
  | { type: "string"; value: string }
  | { type: "string[]"; value: string[] }
  | { type: "float32[]"; value: number[] }
  | { type: "int32[]"; value: number[] };

interface Tensor {
  name: string;
  /** Innermost dimension first. */
  shape: number[];
  data: Float32Array;
}

/** Builds the file in memory and writes it to `path`; returns its size in bytes. */
export async function writeTinyGguf(path: string, options: TinyGgufOptions = {}): Promise<number> {
  const bytes = buildTinyGguf(options);
  await writeFile(path, bytes);
  return bytes.length;
}

/** Builds the bytes of the tiny model file. */
export function buildTinyGguf(options: TinyGgufOptions = {}): Buffer {
  const vocabulary = buildVocabulary();
  const metadata = buildMetadata(vocabulary, options.chatTemplate);
  const tensors = buildTensors(
    vocabulary.tokens.length,
    options.seed ?? 1,
    options.suppressEndOfSequence ?? true,
  );
  return serialize(metadata, tensors);
}

function buildVocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  // Token types as llama.cpp numbers them: 1 normal, 2 unknown, 3 control, 6 byte.
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6);
  }
  // SPM tokenization merges adjacent pieces only into pieces in the vocabulary, so every prefix
  // of a word is a token too: that gives each word a chain of merges from its characters.
  const pieces = new Set(characters);
  for (const word of words) for (let end = 2; end <= word.length; end++) pieces.add(word.slice(0, end));
  for (const piece of pieces) {
    tokens.push(piece);
    types.push(1);
  }

  // SPM merges prefer higher scores: longer pieces score higher, so known words tokenize whole.
  const scores = tokens.map((token, index) => (types[index] === 1 ? token.length : -1000));
  return { tokens, scores, types };
}

function buildMetadata(
  vocabulary: { tokens: string[]; scores: number[]; types: number[] },
  chatTemplate: string | undefined,
): Map<string, MetadataValue> {
  const headDimension = dimensions.embedding / dimensions.heads;
  const entries: [string, MetadataValue][] = [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: "verdict-tiny-test-model" }],
    ["llama.context_length", { type: "uint32", value: dimensions.contextLength }],
    ["llama.embedding_length", { type: "uint32", value: dimensions.embedding }],
    ["llama.block_count", { type: "uint32", value: dimensions.layers }],
    ["llama.feed_forward_length", { type: "uint32", value: dimensions.feedForward }],
    ["llama.attention.head_count", { type: "uint32", value: dimensions.heads }],
    ["llama.attention.head_count_kv", { type: "uint32", value: dimensions.heads }],
    ["llama.attention.layer_norm_rms_epsilon", { type: "float32", value: 1e-5 }],
    ["llama.rope.dimension_count", { type: "uint32", value: headDimension }],
    ["tokenizer.ggml.model", { type: "string", value: "llama" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: vocabulary.tokens }],
    ["tokenizer.ggml.scores", { type: "float32[]", value: vocabulary.scores }],
    ["tokenizer.ggml.token_type", { type: "int32[]", value: vocabulary.types }],
    ["tokenizer.ggml.unknown_token_id", { type: "uint32", value: 0 }],
    ["tokenizer.ggml.bos_token_id", { type: "uint32", value: 1 }],
    ["tokenizer.ggml.eos_token_id", { type: "uint32", value: 2 }],
  ];
  if (chatTemplate !== undefined)
    entries.push(["tokenizer.chat_template", { type: "string", value: chatTemplate }]);
  return new Map(entries);
}

function buildTensors(vocabularySize: number, seed: number, suppressEndOfSequence: boolean): Tensor[] {
  const random = seededRandom(seed);
  const { embedding, feedForward } = dimensions;
  const uniform = (count: number, scale: number) =>
    Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
  const ones = (count: number) => new Float32Array(count).fill(1);

  const tokenEmbedding = uniform(embedding * vocabularySize, 0.1);
  const output = uniform(embedding * vocabularySize, 0.5);
  const tensors: Tensor[] = [
    { name: "token_embd.weight", shape: [embedding, vocabularySize], data: tokenEmbedding },
  ];

  for (let layer = 0; layer < dimensions.layers; layer++) {
    const attentionOutput = uniform(embedding * embedding, 0.1);
    const feedForwardDown = uniform(feedForward * embedding, 0.1);
    if (suppressEndOfSequence) {
      // Output row 0 of each residual branch is zero, so hidden dimension 0 keeps its embedding value.
      attentionOutput.fill(0, 0, embedding);
      feedForwardDown.fill(0, 0, feedForward);
    }
    const prefix = `blk.${layer}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, shape: [embedding], data: ones(embedding) },
      {
        name: `${prefix}.attn_q.weight`,
        shape: [embedding, embedding],
        data: uniform(embedding * embedding, 0.1),
      },
      {
        name: `${prefix}.attn_k.weight`,
        shape: [embedding, embedding],
        data: uniform(embedding * embedding, 0.1),
      },
      {
        name: `${prefix}.attn_v.weight`,
        shape: [embedding, embedding],
        data: uniform(embedding * embedding, 0.1),
      },
      { name: `${prefix}.attn_output.weight`, shape: [embedding, embedding], data: attentionOutput },
      { name: `${prefix}.ffn_norm.weight`, shape: [embedding], data: ones(embedding) },
      {
        name: `${prefix}.ffn_gate.weight`,
        shape: [embedding, feedForward],
        data: uniform(embedding * feedForward, 0.1),
      },
      { name: `${prefix}.ffn_down.weight`, shape: [feedForward, embedding], data: feedForwardDown },
      {
        name: `${prefix}.ffn_up.weight`,
        shape: [embedding, feedForward],
        data: uniform(embedding * feedForward, 0.1),
      },
    );
  }

  if (suppressEndOfSequence) {
    // Every token embedding carries a large constant in dimension 0, which survives to the final
    // norm as a large positive value; a strongly negative weight there pushes the `</s>` logit
    // (token 2) far below every other logit.
    for (let token = 0; token < vocabularySize; token++) tokenEmbedding[token * embedding] = 1;
    output[2 * embedding] = -20;
  }

  tensors.push(
    { name: "output_norm.weight", shape: [embedding], data: ones(embedding) },
    { name: "output.weight", shape: [embedding, vocabularySize], data: output },
  );
  return tensors;
}

class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }

  uint32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.push(buffer);
  }

  int32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32LE(value);
    this.push(buffer);
  }

  uint64(value: number): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.push(buffer);
  }

  float32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    this.push(buffer);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, "utf8");
    this.uint64(bytes.length);
    this.push(bytes);
  }

  padTo(boundary: number): void {
    const remainder = this.length % boundary;
    if (remainder !== 0) this.push(Buffer.alloc(boundary - remainder));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function serialize(metadata: Map<string, MetadataValue>, tensors: Tensor[]): Buffer {
  const writer = new ByteWriter();
  writer.push(Buffer.from("GGUF", "ascii"));
  writer.uint32(3);
  writer.uint64(tensors.length);
  writer.uint64(metadata.size);

  for (const [key, entry] of metadata) {
    writer.string(key);
    writeMetadataValue(writer, entry);
  }

  let offset = 0;
  for (const tensor of tensors) {
    writer.string(tensor.name);
    writer.uint32(tensor.shape.length);
    for (const size of tensor.shape) writer.uint64(size);
    writer.uint32(tensorTypeF32);
    writer.uint64(offset);
    offset += Math.ceil(tensor.data.byteLength / alignment) * alignment;
  }

  writer.padTo(alignment);
  for (const tensor of tensors) {
    writer.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    writer.padTo(alignment);
  }
  return writer.toBuffer();
}

function writeMetadataValue(writer: ByteWriter, entry: MetadataValue): void {
  switch (entry.type) {
    case "uint32":
      writer.uint32(ggufType.uint32);
      writer.uint32(entry.value);
      return;
    case "float32":
      writer.uint32(ggufType.float32);
      writer.float32(entry.value);
      return;
    case "string":
      writer.uint32(ggufType.string);
      writer.string(entry.value);
      return;
    case "string[]":
      writeArrayHeader(writer, ggufType.string, entry.value.length);
      for (const item of entry.value) writer.string(item);
      return;
    case "float32[]":
      writeArrayHeader(writer, ggufType.float32, entry.value.length);
      for (const item of entry.value) writer.float32(item);
      return;
    case "int32[]":
      writeArrayHeader(writer, ggufType.int32, entry.value.length);
      for (const item of entry.value) writer.int32(item);
      return;
  }
}

function writeArrayHeader(writer: ByteWriter, elementType: number, count: number): void {
  writer.uint32(ggufType.array);
  writer.uint32(elementType);
  writer.uint64(count);
}
