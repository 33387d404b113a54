package org.modulehost.homeserver.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Makes thumbnails with the JDK's image readers (JPEG, PNG, GIF, BMP). The image's dimensions
 * are read from its header first: an image of more than {@code maxPixels} pixels (a decompression
 * bomb, huge dimensions in a small file) is refused without being decoded. Thumbnails are never
 * larger than the image.
 */
final class Thumbnailer {

	/** The content types this thumbnailer reads. */
	static final Set<String> READABLE = Set.of("image/jpeg", "image/jpg", "image/png", "image/gif", "image/bmp");

	private final long maxPixels;

	Thumbnailer(long maxPixels) {
		this.maxPixels = maxPixels;
	}

	/**
	 * Tells whether media of a content type can be thumbnailed.
	 * @param contentType the media's content type, without parameters
	 * @return whether it is an image this thumbnailer reads
	 */
	static boolean readable(String contentType) {
		return READABLE.contains(contentType);
	}

	/**
	 * Reads an image's dimensions from its header, without decoding it.
	 * @param content the image's bytes
	 * @return width and height
	 * @throws MatrixError 400 if the bytes are not a readable image
	 * @throws IOException if the bytes cannot be read
	 */
	static int[] dimensions(InputStream content) throws IOException {
		try (ImageInputStream input = ImageIO.createImageInputStream(content)) {
			ImageReader reader = reader(input);
			try {
				return new int[] { reader.getWidth(0), reader.getHeight(0) };
			}
			finally {
				reader.dispose();
			}
		}
	}

	/**
	 * Makes a thumbnail.
	 * @param content the image's bytes
	 * @param contentType the image's content type
	 * @param width the box's width
	 * @param height the box's height
	 * @param crop {@code true} to fill the box and cut the overflow, {@code false} to fit inside it
	 * @return the thumbnail
	 * @throws MatrixError 400 if the image is unreadable or has too many pixels
	 * @throws IOException if the bytes cannot be read
	 */
	Made make(InputStream content, String contentType, int width, int height, boolean crop) throws IOException {
		BufferedImage image;
		try (ImageInputStream input = ImageIO.createImageInputStream(content)) {
			ImageReader reader = reader(input);
			try {
				long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
				if (pixels > this.maxPixels) {
					throw new MatrixError(400, Codes.UNKNOWN, "Image too large to thumbnail (" + pixels
							+ " pixels; the limit is " + this.maxPixels + ")");
				}
				image = reader.read(0);
			}
			catch (IOException | RuntimeException ex) {
				if (ex instanceof MatrixError error) {
					throw error;
				}
				throw new MatrixError(400, Codes.UNKNOWN, "The image cannot be read");
			}
			finally {
				reader.dispose();
			}
		}
		boolean png = !contentType.equals("image/jpeg") && !contentType.equals("image/jpg");
		BufferedImage thumbnail = crop ? crop(image, width, height, png) : scale(image, width, height, png);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(thumbnail, png ? "png" : "jpeg", out);
		return new Made(out.toByteArray(), png ? "image/png" : "image/jpeg");
	}

	private static ImageReader reader(ImageInputStream input) {
		Iterator<ImageReader> readers = (input != null) ? ImageIO.getImageReaders(input)
				: java.util.Collections.emptyIterator();
		if (!readers.hasNext()) {
			throw new MatrixError(400, Codes.UNKNOWN, "The media is not an image that can be thumbnailed");
		}
		ImageReader reader = readers.next();
		reader.setInput(input, true, true);
		return reader;
	}

	private static BufferedImage scale(BufferedImage image, int width, int height, boolean alpha) {
		double ratio = Math.min(1, Math.min((double) width / image.getWidth(), (double) height / image.getHeight()));
		int w = Math.max(1, (int) Math.round(image.getWidth() * ratio));
		int h = Math.max(1, (int) Math.round(image.getHeight() * ratio));
		return draw(image, w, h, w, h, alpha);
	}

	private static BufferedImage crop(BufferedImage image, int width, int height, boolean alpha) {
		double ratio = Math.min(1, Math.max((double) width / image.getWidth(), (double) height / image.getHeight()));
		int scaledWidth = Math.max(1, (int) Math.round(image.getWidth() * ratio));
		int scaledHeight = Math.max(1, (int) Math.round(image.getHeight() * ratio));
		return draw(image, scaledWidth, scaledHeight, Math.min(width, scaledWidth), Math.min(height, scaledHeight),
				alpha);
	}

	/** Draws the image scaled to {@code scaledWidth × scaledHeight}, centred in a {@code w × h} canvas. */
	private static BufferedImage draw(BufferedImage image, int scaledWidth, int scaledHeight, int w, int h,
			boolean alpha) {
		BufferedImage target = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = target.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			graphics.drawImage(image, (w - scaledWidth) / 2, (h - scaledHeight) / 2, scaledWidth, scaledHeight, null);
		}
		finally {
			graphics.dispose();
		}
		return target;
	}

	/**
	 * A thumbnail made.
	 *
	 * @param bytes its encoded bytes
	 * @param contentType {@code image/png} or {@code image/jpeg}
	 */
	record Made(byte[] bytes, String contentType) {

	}

}
