package dev.velatemporal.worker.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as Docker reads the parts this project's uses: stages ({@code FROM ... AS name}), their
 * {@code WORKDIR}, {@code COPY} (shell or JSON form, with {@code --from}), {@code RUN} (its options such as
 * {@code --mount} set apart from the command) and {@code ENTRYPOINT}. Comments and line continuations as Docker
 * has them. Anything else is kept as an instruction nobody asks about.
 */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {}

    /** {@code COPY}: its {@code --from} stage (null: the build context), sources and destination. */
    record Copy(String from, List<String> sources, String destination) {}

    record Stage(String name, List<Instruction> instructions) {

        String workdir() {
            String workdir = "/";
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("WORKDIR")) {
                    String dir = instruction.arguments().trim();
                    workdir = dir.startsWith("/") ? dir : workdir + (workdir.endsWith("/") ? "" : "/") + dir;
                }
            }
            return workdir;
        }

        List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("COPY")) {
                    List<String> words = new ArrayList<>(words(instruction.arguments()));
                    String from = null;
                    while (!words.isEmpty() && words.get(0).startsWith("--")) {
                        String option = words.remove(0);
                        if (option.startsWith("--from=")) {
                            from = option.substring("--from=".length());
                        }
                    }
                    if (words.size() < 2) {
                        throw new IllegalArgumentException("COPY needs a source and a destination: " + instruction);
                    }
                    copies.add(new Copy(from, List.copyOf(words.subList(0, words.size() - 1)),
                            words.get(words.size() - 1)));
                }
            }
            return copies;
        }

        /** The commands of its {@code RUN} instructions (shell form), without their options. */
        List<String> runCommands() {
            List<String> commands = new ArrayList<>();
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("RUN")) {
                    String command = instruction.arguments().trim();
                    while (command.startsWith("--")) {
                        int space = command.indexOf(' ');
                        command = space < 0 ? "" : command.substring(space + 1).trim();
                    }
                    commands.add(command);
                }
            }
            return commands;
        }

        List<String> entrypoint() {
            List<String> entrypoint = List.of();
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("ENTRYPOINT")) {
                    entrypoint = words(instruction.arguments());
                }
            }
            return entrypoint;
        }
    }

    static Dockerfile read(Path file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions(Files.readAllLines(file))) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = words(instruction.arguments());
                String name = words.size() == 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2)
                        : String.valueOf(stages.size());
                current = new ArrayList<>();
                stages.add(new Stage(name, current));
            }
            if (current != null) {
                current.add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name + " in the Dockerfile"));
    }

    /** The stage the image is: the last one. */
    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    private static List<Instruction> instructions(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            if (line.strip().startsWith("#") || (pending.length() == 0 && line.isBlank())) {
                continue; // a comment, even inside a continued instruction, is not part of it
            }
            String stripped = line.stripTrailing();
            if (stripped.endsWith("\\")) {
                pending.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            pending.append(stripped);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space < 0 ? text.length() : space)
                    .toUpperCase(Locale.ROOT), space < 0 ? "" : text.substring(space + 1).strip()));
        }
        return instructions;
    }

    /** The JSON form ({@code ["java", "-jar", "x"]}) or the shell form split on white space. */
    private static List<String> words(String arguments) {
        String text = arguments.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            List<String> words = new ArrayList<>();
            for (String part : text.substring(1, text.length() - 1).split(",")) {
                String word = part.trim();
                words.add(word.substring(1, word.length() - 1));
            }
            return words;
        }
        return Arrays.asList(text.split("\\s+"));
    }
}
