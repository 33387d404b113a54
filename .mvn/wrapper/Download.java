import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Downloads one URL to a file, for ./mvnw on machines with a JDK but neither curl nor wget.
 * Run as a single-file program: java Download.java URL FILE
 */
public class Download {

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: java Download.java URL FILE");
			System.exit(2);
		}
		HttpClient client = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(30))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(args[0])).GET().build();
		HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			System.err.println("Download of " + args[0] + " failed: HTTP " + response.statusCode());
			System.exit(1);
		}
		Path target = Path.of(args[1]);
		try (InputStream in = response.body()) {
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
