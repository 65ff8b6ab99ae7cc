/** File writing shared by every module: {@link dev.bnn.core.io.AtomicFile} replaces a file whole or not at all. */
package dev.bnn.core.io;
