package dev.understudy.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.understudy.model.browser.BrowserMessageReader;
import dev.understudy.model.browser.BrowserMessageWriter;
import java.io.IOException;

/**
 * A {@link RawEvent.Browser} in the trace: {@code {"e":"browser","mono":..,"wall":..,"kind":..,"data":{..}}},
 * the message's kind beside its data ({@link BrowserMessageWriter}, {@link BrowserMessageReader}).
 */
final class BrowserEventJson {
    private BrowserEventJson() {}

    static final class Serializer extends StdSerializer<RawEvent.Browser> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(RawEvent.Browser.class);
        }

        @Override
        public void serialize(RawEvent.Browser e, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject(e);
            fields(e, g);
            g.writeEndObject();
        }

        /** With the event type ({@code "e":"browser"}) first, as RawEvent's other records. */
        @Override
        public void serializeWithType(RawEvent.Browser e, JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            WritableTypeId id = typeSer.writeTypePrefix(g, typeSer.typeId(e, JsonToken.START_OBJECT));
            fields(e, g);
            typeSer.writeTypeSuffix(g, id);
        }

        private static void fields(RawEvent.Browser e, JsonGenerator g) throws IOException {
            g.writeNumberField("mono", e.mono());
            g.writeNumberField("wall", e.wall());
            g.writeStringField("kind", e.kind());
            g.writeFieldName("data");
            BrowserMessageWriter.write(e.message(), g);
        }
    }

    static final class Deserializer extends StdDeserializer<RawEvent.Browser> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(RawEvent.Browser.class);
        }

        @Override
        public RawEvent.Browser deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = ctxt.readTree(p);
            try {
                return new RawEvent.Browser(n.path("mono").asLong(), n.path("wall").asLong(),
                        BrowserMessageReader.read(n.path("kind").asText(null), n.get("data")));
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage());
            }
        }
    }
}
