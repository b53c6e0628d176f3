package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.engine.spi.ProbeResult.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelListTest {

    @Test
    void singleModelList_hasNoStatus_andIsNotARouter() {
        ModelList list = ModelList.parse("{\"object\":\"list\",\"data\":[{\"id\":\"m.gguf\",\"object\":\"model\","
                + "\"owned_by\":\"llamacpp\",\"meta\":{\"n_vocab\":1}}]}");
        assertFalse(list.looksLikeRouter());
        assertEquals(List.of(new Model("m.gguf", "loaded", null)), list.models());
    }

    @Test
    void routerList_mapsEveryStatusValue() {
        ModelList list = ModelList.parse("{\"data\":["
                + "{\"id\":\"a\",\"status\":{\"value\":\"loaded\",\"args\":[]}},"
                + "{\"id\":\"b\",\"status\":{\"value\":\"loading\"}},"
                + "{\"id\":\"c\",\"status\":{\"value\":\"unloaded\"}},"
                + "{\"id\":\"d\",\"status\":{\"value\":\"unloaded\",\"failed\":true,\"exit_code\":139}},"
                + "{\"id\":\"e\",\"status\":{\"value\":\"unloaded\",\"exit_code\":2}},"
                + "{\"id\":\"f\",\"status\":{\"value\":\"sleeping\"}},"
                + "{\"id\":\"g\",\"status\":{\"value\":\"downloading\"}},"
                + "{\"id\":\"h\",\"status\":{\"value\":\"downloaded\"}},"
                + "{\"id\":\"i\",\"status\":{\"value\":\"unloaded\",\"exit_code\":0}},"
                + "{\"id\":\"j\",\"status\":{}}"
                + "],\"object\":\"list\"}");
        assertTrue(list.looksLikeRouter());
        assertEquals(List.of(new Model("a", "loaded", null), new Model("b", "loading", null), new Model("c", "unloaded", null),
                new Model("d", "failed", 139), new Model("e", "failed", 2), new Model("f", "loaded", null),
                new Model("g", "unloaded", null), new Model("h", "unloaded", null), new Model("i", "unloaded", null),
                new Model("j", "unloaded", null)), list.models());
        assertEquals(List.of("a", "f"), list.loaded().stream().map(ModelList.Entry::id).toList());
    }

    @Test
    void emptyList_isARouterWithNothing() {
        assertTrue(ModelList.parse("{\"data\":[],\"object\":\"list\"}").looksLikeRouter());
    }

    @Test
    void notTheOpenAiShape_isNull() {
        assertNull(ModelList.parse("{\"models\":[]}"));
        assertNull(ModelList.parse("Loading model"));
    }

    @Test
    void props_giveTheAliasOrTheFileName_butNotARoutersPlaceholder() {
        assertEquals(List.of(new Model("qwen", "loaded", null)), ModelList.fromProps("{\"model_alias\":\"qwen\"}"));
        assertEquals(List.of(new Model("q.gguf", "loaded", null)), ModelList.fromProps("{\"model_path\":\"/m/q.gguf\"}"));
        assertEquals(List.of(), ModelList.fromProps("{\"role\":\"router\",\"model_alias\":\"llama-server\"}"));
    }
}
