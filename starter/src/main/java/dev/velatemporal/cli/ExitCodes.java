package dev.velatemporal.cli;

/** SPEC section 5: 0 done, 1 an operational error, 2 invalid input or usage. */
final class ExitCodes {

    static final int OK = 0;
    static final int OPERATIONAL = 1;
    static final int INVALID = 2;

    private ExitCodes() {}
}
