package dev.understudy.dataset;

import dev.understudy.model.Step;
import java.util.List;

/**
 * A task: a run of a session's steps that belong together, with its instruction.
 *
 * @param episodeId         stable id: {@code <session>-<index, 3 digits>} (no dots: WebDataset keys)
 * @param index             0-based position of the task in its session
 * @param steps             the task's steps, in order (their own indexes are the session's)
 * @param instruction       the task's instruction: the worker's label when there is one, else the describer's
 * @param instructionSource {@code worker} or {@code describer}
 * @param llmInstruction    an optional rewrite by a language model (kept beside, never instead), or null
 * @param stepInstructions  one short low-level instruction per step ("Click the 'Create ticket' button")
 * @param flags             quality flags of the task (see {@link Flags})
 * @param boundary          why the task starts where it does: {@code start}, {@code idle}, {@code switch}, {@code marker}, {@code label}
 */
public record Episode(String episodeId, String sessionId, int index, List<Step> steps, String instruction, String instructionSource,
                      String llmInstruction, List<String> stepInstructions, List<String> flags, String boundary,
                      long startWall, long endWall) {
    public Episode {
        steps = List.copyOf(steps);
        stepInstructions = List.copyOf(stepInstructions);
        flags = List.copyOf(flags);
    }
}
