/**
 * The JSON shapes of the control API, shared by the server and the client: field names are part of
 * the contract (tests and tools outside the project rely on them). Depends on the engine's model
 * and event records, and Jackson.
 */
package dev.vigil.api.json;
