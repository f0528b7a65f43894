package dev.velatemporal.cli;

/** docs/behaviour.md section 5: 0 done, 1 an operational error, 2 invalid input or usage. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int OPERATIONAL = 1;
    public static final int INVALID = 2;

    private ExitCodes() {}
}
