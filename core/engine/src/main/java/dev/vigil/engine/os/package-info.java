/**
 * Linux processes for the engine: spawning each child in its own session with its output appended
 * to a log file, signals to process groups and to daemonized descendants, pidfds for pushed death
 * of processes vigil did not spawn, the child-subreaper flag, log rotation. The libc calls go
 * through the FFM API ({@link dev.vigil.engine.os.Libc}); nothing here needs JNI.
 */
package dev.vigil.engine.os;
