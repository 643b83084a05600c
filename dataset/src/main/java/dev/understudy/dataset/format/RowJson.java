package dev.understudy.dataset.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.dataset.StepRow;
import java.util.LinkedHashMap;
import java.util.Map;

/** A row's columns but the image, as JSON with the dataset's snake_case names, in column order, nulls kept. */
final class RowJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowJson() {}

    static Map<String, Object> fields(StepRow row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Columns.Column c : Columns.ALL) if (c.kind() != Columns.Kind.IMAGE) m.put(c.name(), c.get().apply(row));
        return m;
    }

    static byte[] bytes(StepRow row) {
        try {
            return JSON.writeValueAsBytes(fields(row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
