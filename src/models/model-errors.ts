/** The model file is missing, is not a GGUF file, or llama.cpp could not load it. */
export class ModelLoadError extends Error {
  override name = "ModelLoadError";
}

/** An explicitly requested GPU backend (`cuda`, `vulkan`, `metal`) is not available here. */
export class GpuUnavailableError extends Error {
  override name = "GpuUnavailableError";
}

/** A remote model server kept failing after the retries, or rejected a request outright. */
export class ModelServerError extends Error {
  override name = "ModelServerError";

  constructor(
    message: string,
    /** HTTP status of the last response; undefined for connection errors and timeouts. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
