package dev.vigil.plugins.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every /health shape of PROVIDERS.md §1.2 (table and "Historical /health shapes"). */
class HealthTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "200 | {\"status\":\"ok\"}                                                                  | Up[slotsProcessing=null]",
        "200 | {\"status\":\"ok\",\"slots_idle\":1,\"slots_processing\":3}                          | Up[slotsProcessing=3]",
        "200 | ``                                                                                 | Up[slotsProcessing=null]",
        "503 | {\"error\":{\"message\":\"Loading model\",\"type\":\"unavailable_error\",\"code\":503}} | Loading[]",
        "503 | {\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}} | Loading[]",
        "503 | {\"status\":\"loading model\"}                                                       | Loading[]",
        "200 | {\"status\":\"no slot available\",\"slots_idle\":0,\"slots_processing\":2}           | NoSlot[slotsProcessing=2]",
        "503 | {\"status\":\"no slot available\",\"slots_idle\":0,\"slots_processing\":4}           | NoSlot[slotsProcessing=4]",
        "503 | {\"error\":{\"code\":503,\"message\":\"no slot available\",\"type\":\"unavailable_error\"}} | NoSlot[slotsProcessing=null]",
        "500 | {\"status\":\"error\"}                                                               | LoadError[]",
        "500 | {\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":500}}             | Other[status=500, gist=boom]",
        "503 | <html>Loading</html>                                                               | Other[status=503, gist=<html>Loading</html>]",
        "404 | {\"error\":{\"message\":\"File Not Found\",\"type\":\"not_found_error\",\"code\":404}}  | Other[status=404, gist=File Not Found]",
    })
    void classifies(int status, String body, String expected) {
        assertEquals(expected, Health.of(status, body).toString());
    }
}
