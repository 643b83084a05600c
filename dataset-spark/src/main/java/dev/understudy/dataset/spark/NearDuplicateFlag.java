package dev.understudy.dataset.spark;

import dev.understudy.dataset.Episode;
import dev.understudy.dataset.Flags;
import dev.understudy.dataset.StepRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The one flag that needs every session: {@link Flags#NEAR_DUPLICATE}, added as the local engine
 * adds it: appended at the end of the episode's flags and of every row's flags, when absent.
 */
final class NearDuplicateFlag {
    private NearDuplicateFlag() {}

    static List<String> with(List<String> flags) {
        if (flags != null && flags.contains(Flags.NEAR_DUPLICATE)) return flags;
        List<String> f = flags == null ? new ArrayList<>() : new ArrayList<>(flags);
        f.add(Flags.NEAR_DUPLICATE);
        return List.copyOf(f);
    }

    static Episode episode(Episode e) {
        return new Episode(e.episodeId(), e.sessionId(), e.index(), e.steps(), e.instruction(), e.instructionSource(), e.llmInstruction(),
                e.stepInstructions(), with(e.flags()), e.boundary(), e.startWall(), e.endWall());
    }

    static StepRow row(StepRow r) {
        return new StepRow(r.episodeId(), r.sessionId(), r.stepIndex(), r.instruction(), r.stepInstruction(), r.image(), r.imagePath(),
                r.imageWidth(), r.imageHeight(), r.actionType(), r.x(), r.y(), r.xNorm(), r.yNorm(), r.toX(), r.toY(), r.dx(), r.dy(),
                r.text(), r.keys(), r.option(), r.pyautogui(), r.app(), r.windowTitle(), r.url(), r.targetRole(), r.targetName(),
                r.targetBbox(), with(r.flags()), r.time());
    }

    static List<StepRow> rows(List<StepRow> rows) {
        List<StepRow> out = new ArrayList<>(rows.size());
        for (StepRow r : rows) out.add(row(r));
        return out;
    }
}
