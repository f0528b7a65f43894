package dev.velatemporal.demo;

/** A step of the story did not end as the story says; the message names the step and what was seen. */
final class StoryFailure extends RuntimeException {

    StoryFailure(String message) {
        super(message);
    }
}
