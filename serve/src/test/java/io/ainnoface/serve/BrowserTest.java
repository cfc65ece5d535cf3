package io.ainnoface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web page in a real headless Chromium (Debian's chromium + chromium-driver). */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void pageShowsTheFacesOfAPickedImage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser test skipped: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ServerConfig c = FaceServerTest.config();
        try (FaceServer server = new FaceServer(c).start()) {
            String base = "http://127.0.0.1:" + server.port();
            ChromeOptions o = new ChromeOptions();
            o.setBinary(CHROMIUM.toFile());
            o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
            ChromeDriver browser = new ChromeDriver(service, o);
            try {
                browser.get(base + "/");
                assertEquals("AInnoFace face detection", browser.getTitle());
                browser.findElement(By.id("threshold")).clear();
                browser.findElement(By.id("threshold")).sendKeys("0.3");
                File photo = FaceServerTest.sample().toRealPath().toFile();
                browser.findElement(By.id("file")).sendKeys(photo.getAbsolutePath());
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(d ->
                        !d.findElement(By.id("canvas")).getDomAttribute("data-faces").isEmpty()
                        || d.findElement(By.id("status")).getText().startsWith("Error"));
                // what the API says for the same image and threshold
                JsonNode api = FaceServerTest.JSON.readTree(FaceServerTest.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/detect?threshold=0.3"))
                                .header("Content-Type", "image/jpeg")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(photo.toPath())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                List<WebElement> items = browser.findElements(By.cssSelector("#faces li.face"));
                assertTrue(api.get("faces").size() >= 1);
                assertEquals(api.get("faces").size(), items.size(), browser.findElement(By.id("status")).getText());
                for (int i = 0; i < items.size(); i++) {
                    assertEquals(api.get("faces").get(i).get("score").asDouble(),
                            Double.parseDouble(items.get(i).getDomAttribute("data-score")), 1e-9);
                }
                assertTrue(browser.findElement(By.id("status")).getText().contains("512×512"));
                // the canvas holds the photo with a green box drawn: sample the box's top edge; the 2-px stroke
                // centred on y1 always covers row floor(y1) whole (round(y1) is only half covered when y1 ends in .5)
                JsonNode box = api.get("faces").get(0).get("box");
                Object px = ((JavascriptExecutor) browser).executeScript(
                        "const g = document.getElementById('canvas').getContext('2d');"
                        + "const d = g.getImageData(arguments[0], arguments[1], 1, 1).data; return [d[0], d[1], d[2]];",
                        (int) Math.round((box.get(0).asDouble() + box.get(2).asDouble()) / 2), (int) Math.floor(box.get(1).asDouble()));
                @SuppressWarnings("unchecked")
                List<Number> rgb = (List<Number>) px;
                assertTrue(rgb.get(1).intValue() > 150 && rgb.get(0).intValue() < 100 && rgb.get(2).intValue() < 100,
                        "box edge pixel " + rgb);
                // the folder's presets are choices too (read from /v1/model), and the page sends the chosen one
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                        d.findElements(By.cssSelector("#setting option")).size() == 4);
                new Select(browser.findElement(By.id("setting"))).selectByValue("preset:large-faces");
                ((JavascriptExecutor) browser).executeScript("document.getElementById('file').value = '';");
                browser.findElement(By.id("file")).sendKeys(photo.getAbsolutePath());
                new WebDriverWait(browser, Duration.ofSeconds(120)).until(d ->
                        !d.findElement(By.id("canvas")).getDomAttribute("data-faces").isEmpty()
                        || d.findElement(By.id("status")).getText().startsWith("Error"));
                JsonNode preset = FaceServerTest.JSON.readTree(FaceServerTest.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/v1/detect?threshold=0.3&preset=large-faces"))
                                .header("Content-Type", "image/jpeg")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(photo.toPath())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                List<WebElement> presetItems = browser.findElements(By.cssSelector("#faces li.face"));
                assertEquals(preset.get("faces").size(), presetItems.size(), browser.findElement(By.id("status")).getText());
                for (int i = 0; i < presetItems.size(); i++) {
                    assertEquals(preset.get("faces").get(i).get("score").asDouble(),
                            Double.parseDouble(presetItems.get(i).getDomAttribute("data-score")), 1e-9);
                }
                // not the single-scale answer again: the preset's scores differ
                assertTrue(!preset.get("faces").equals(api.get("faces")), preset.toString());
            } finally {
                browser.quit();
            }
        }
    }
}
