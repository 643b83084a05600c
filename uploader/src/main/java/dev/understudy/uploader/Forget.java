package dev.understudy.uploader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.understudy.collector.api.Messages;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's half of {@code understudy forget}: {@code DELETE /sessions/{session}} with the device's credential.
 * When the collector cannot be reached the session id is queued in the link's state.json ({@value #QUEUE}) and every
 * later upload pass (the recorder's background sync, {@code understudy upload}) asks again before it uploads anything.
 */
public final class Forget {
    public static final String QUEUE = "forget_queue";

    /** What the collector said: erased now or before ({@code erasedAt}), never had it, or queued for the next sync. */
    public record Result(String session, boolean erased, boolean already, boolean notThere, boolean queued, long erasedAt, String problem) {}

    private Forget() {}

    /** Asks the collector to erase {@code session} of this device; queues it when the collector is unreachable. */
    public static Result onServer(CollectorLink link, String session) {
        try {
            Messages.SessionErased e = link.call(c -> c.eraseSession(session));
            dequeue(link, session);
            return new Result(session, true, e.already(), false, false, e.erasedAt(), null);
        } catch (CollectorException e) {
            if (e.status() == 404) {
                dequeue(link, session);
                return new Result(session, false, false, true, false, 0, null);
            }
            enqueue(link, session);
            return new Result(session, false, false, false, true, 0, e.getMessage());
        }
    }

    /** The sessions whose erasure on the collector is still to be asked for. */
    public static List<String> queued(CollectorLink link) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : link.state().path(QUEUE)) out.add(n.asText());
        return out;
    }

    /**
     * Asks for every queued erasure; those answered (erased, or not on the collector) leave the queue. A failure to
     * reach the collector is thrown (the pass backs off and the next one asks again). Returns how many were done.
     */
    public static int flush(CollectorLink link) {
        int done = 0;
        for (String s : queued(link)) {
            try {
                link.call(c -> c.eraseSession(s));
            } catch (CollectorException e) {
                if (e.status() != 404 && e.status() != 400) throw e;
            }
            dequeue(link, s);
            done++;
        }
        return done;
    }

    static void enqueue(CollectorLink link, String session) {
        link.updateState(s -> {
            ArrayNode q = s.withArray(QUEUE);
            for (JsonNode n : q) if (n.asText().equals(session)) return;
            q.add(session);
        });
    }

    static void dequeue(CollectorLink link, String session) {
        link.updateState(s -> {
            if (!s.has(QUEUE)) return;
            ArrayNode q = s.withArray(QUEUE);
            for (int i = q.size() - 1; i >= 0; i--) if (q.get(i).asText().equals(session)) q.remove(i);
            if (q.isEmpty()) s.remove(QUEUE);
        });
    }
}
