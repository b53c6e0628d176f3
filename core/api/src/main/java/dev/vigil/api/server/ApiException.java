package dev.vigil.api.server;

/** A request the API refuses, with the HTTP status and the error code of the JSON error body. */
final class ApiException extends RuntimeException {

    final int status;
    final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }
}
