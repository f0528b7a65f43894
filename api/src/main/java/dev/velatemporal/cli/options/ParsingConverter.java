package dev.velatemporal.cli.options;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns a parser that throws {@link IllegalArgumentException} into a picocli converter, so a bad option value is
 * reported with the parser's own message (which says what is accepted) instead of a stack trace.
 */
public abstract class ParsingConverter<T> implements ITypeConverter<T> {

    private final Function<String, T> parser;

    protected ParsingConverter(Function<String, T> parser) {
        this.parser = parser;
    }

    @Override
    public T convert(String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
