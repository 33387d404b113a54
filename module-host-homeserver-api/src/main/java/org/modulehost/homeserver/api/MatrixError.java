package org.modulehost.homeserver.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the homeserver answers as Matrix JSON: {@code {"errcode": …, "error": …}} plus any
 * additional fields, with an HTTP status. Synapse's {@code SynapseError}: a module may throw it
 * from a callback or a web resource, and callbacks whose failures propagate pass it to the
 * client unchanged.
 */
public class MatrixError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int httpStatus;

	private final String errcode;

	private final Map<String, Object> additionalFields;

	/**
	 * Creates an error.
	 * @param httpStatus the HTTP status, e.g. 403
	 * @param errcode the Matrix error code, e.g. {@link Codes#FORBIDDEN}
	 * @param message the human-readable {@code error} text
	 */
	public MatrixError(int httpStatus, String errcode, String message) {
		this(httpStatus, errcode, message, Map.of());
	}

	/**
	 * Creates an error with extra fields for its JSON body.
	 * @param httpStatus the HTTP status, e.g. 403
	 * @param errcode the Matrix error code, e.g. {@link Codes#FORBIDDEN}
	 * @param message the human-readable {@code error} text
	 * @param additionalFields fields added to the JSON body; they never replace {@code errcode}
	 * or {@code error}
	 */
	public MatrixError(int httpStatus, String errcode, String message, Map<String, Object> additionalFields) {
		super(message);
		this.httpStatus = httpStatus;
		this.errcode = errcode;
		this.additionalFields = JsonMaps.freeze(additionalFields);
	}

	/**
	 * Returns the HTTP status.
	 * @return the status code
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

	/**
	 * Returns the Matrix error code.
	 * @return the {@code errcode}
	 */
	public String errcode() {
		return this.errcode;
	}

	/**
	 * Returns the extra fields of the JSON body.
	 * @return an unmodifiable map, possibly empty
	 */
	public Map<String, Object> additionalFields() {
		return this.additionalFields;
	}

	/**
	 * Returns the JSON body the client receives.
	 * @return {@code errcode}, {@code error} and the additional fields
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>(this.additionalFields);
		json.put("errcode", this.errcode);
		json.put("error", String.valueOf(getMessage()));
		return json;
	}

}
