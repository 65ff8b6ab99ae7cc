package dev.bnn.examples.cli;

/**
 * A problem the user can fix (a wrong path, a folder that already holds a run): the command line
 * prints its message, without a stack trace, and exits with status 1.
 */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserException(String message) {
        super(message);
    }
}
