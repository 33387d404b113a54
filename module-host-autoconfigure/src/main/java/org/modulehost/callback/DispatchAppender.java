package org.modulehost.callback;

import java.lang.reflect.Method;
import java.util.List;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import org.modulehost.api.callback.Combine;

/**
 * Writes the body of one dispatcher method. With no module registered it returns the default
 * body's answer; otherwise, for a synchronous callback, the equivalent of:
 *
 * <pre class="code">
 * Snapshot snapshot = this.slot.snapshot();
 * Object[] targets = snapshot.targets();
 * if (targets.length == 0) return Category.super.callback(a, b);
 * R neutral = Category.super.callback(a, b);
 * boolean timed = snapshot.timed();
 * for (int i = 0; i &lt; targets.length; i++) {
 *     long start = timed ? Snapshot.start() : 0L;
 *     R answer;
 *     try {
 *         answer = ((Category) targets[i]).callback(a, b);
 *     }
 *     catch (Throwable ex) {
 *         snapshot.failed(i, ex, start);   // rethrows under PROPAGATE
 *         continue;                        // EXCLUSIVE: return neutral
 *     }
 *     // FIRST_DECISIVE: if (differs(answer, neutral)) { if (timed) snapshot.answered(i, start, true); return answer; }
 *     // ALL: if (timed) snapshot.answered(i, start, ...); COLLECT: merged = snapshot.collect(i, merged, answer, ...)
 *     // EXCLUSIVE: if (timed) snapshot.answered(i, start, ...); return answer;
 * }
 * return neutral;   // COLLECT: slot.collected(merged, neutral)
 * </pre>
 *
 * and for an asynchronous one, {@code slot.dispatchAsync(snapshot, Category.super.callback(a, b),
 * new Object[] {a, b})}.
 */
final class DispatchAppender implements ByteCodeAppender {

	private static final String SLOT = Type.getInternalName(CallbackSlot.class);

	private static final String SLOT_DESCRIPTOR = Type.getDescriptor(CallbackSlot.class);

	private static final String SNAPSHOT = Type.getInternalName(CallbackSlot.Snapshot.class);

	private static final String SNAPSHOT_DESCRIPTOR = Type.getDescriptor(CallbackSlot.Snapshot.class);

	private static final String OBJECT = "java/lang/Object";

	private static final String OBJECT_DESCRIPTOR = "Ljava/lang/Object;";

	private final String category;

	private final CallbackModel callback;

	private final Method method;

	private final Type[] arguments;

	private final Type result;

	DispatchAppender(Class<?> category, CallbackModel callback) {
		this.category = Type.getInternalName(category);
		this.callback = callback;
		this.method = callback.method();
		this.arguments = Type.getArgumentTypes(this.method);
		this.result = Type.getReturnType(this.method);
	}

	static String slotField(CallbackModel callback) {
		return "slot" + callback.index();
	}

	@Override
	public Size apply(MethodVisitor code, Implementation.Context context, MethodDescription instrumented) {
		String owner = context.getInstrumentedType().getInternalName();
		Locals locals = new Locals(1 + argumentsSize());
		int slot = locals.next(1);
		int snapshot = locals.next(1);
		int targets = locals.next(1);
		code.visitVarInsn(Opcodes.ALOAD, 0);
		code.visitFieldInsn(Opcodes.GETFIELD, owner, slotField(this.callback), SLOT_DESCRIPTOR);
		code.visitVarInsn(Opcodes.ASTORE, slot);
		code.visitVarInsn(Opcodes.ALOAD, slot);
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLOT, "snapshot", "()" + SNAPSHOT_DESCRIPTOR, false);
		code.visitVarInsn(Opcodes.ASTORE, snapshot);
		code.visitVarInsn(Opcodes.ALOAD, snapshot);
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SNAPSHOT, "targets", "()[" + OBJECT_DESCRIPTOR, false);
		code.visitVarInsn(Opcodes.ASTORE, targets);
		code.visitVarInsn(Opcodes.ALOAD, targets);
		code.visitInsn(Opcodes.ARRAYLENGTH);
		Label registered = new Label();
		code.visitJumpInsn(Opcodes.IFNE, registered);
		callDefault(code);
		code.visitInsn(this.result.getOpcode(Opcodes.IRETURN));
		code.visitLabel(registered);
		if (this.callback.async()) {
			dispatchAsync(code, slot, snapshot);
		}
		else {
			dispatchInLoop(code, locals, slot, snapshot, targets);
		}
		return new Size(8 + 2 * argumentsSize(), locals.size());
	}

	private void dispatchAsync(MethodVisitor code, int slot, int snapshot) {
		code.visitVarInsn(Opcodes.ALOAD, slot);
		code.visitVarInsn(Opcodes.ALOAD, snapshot);
		callDefault(code);
		push(code, this.arguments.length);
		code.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
		int variable = 1;
		for (int i = 0; i < this.arguments.length; i++) {
			code.visitInsn(Opcodes.DUP);
			push(code, i);
			code.visitVarInsn(this.arguments[i].getOpcode(Opcodes.ILOAD), variable);
			box(code, this.arguments[i]);
			code.visitInsn(Opcodes.AASTORE);
			variable += this.arguments[i].getSize();
		}
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLOT, "dispatchAsync", "(" + SNAPSHOT_DESCRIPTOR
				+ "Ljava/util/concurrent/CompletionStage;[Ljava/lang/Object;)Ljava/util/concurrent/CompletableFuture;",
				false);
		code.visitInsn(Opcodes.ARETURN);
	}

	private void dispatchInLoop(MethodVisitor code, Locals locals, int slot, int snapshot, int targets) {
		Combine combine = this.callback.combine();
		boolean hasResult = this.result.getSort() != Type.VOID;
		int count = locals.next(1);
		int neutral = hasResult ? locals.next(this.result.getSize()) : -1;
		int timed = locals.next(1);
		int merged = (combine == Combine.COLLECT) ? locals.next(1) : -1;
		int index = locals.next(1);
		int start = locals.next(2);
		int answer = hasResult ? locals.next(this.result.getSize()) : -1;
		int failure = locals.next(1);
		Label tryStart = new Label();
		Label tryEnd = new Label();
		Label handler = new Label();
		Label loop = new Label();
		Label call = new Label();
		Label next = new Label();
		Label end = new Label();
		Label answered = new Label();
		code.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");

		code.visitVarInsn(Opcodes.ALOAD, targets);
		code.visitInsn(Opcodes.ARRAYLENGTH);
		code.visitVarInsn(Opcodes.ISTORE, count);
		if (hasResult) {
			callDefault(code);
			code.visitVarInsn(this.result.getOpcode(Opcodes.ISTORE), neutral);
		}
		code.visitVarInsn(Opcodes.ALOAD, snapshot);
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SNAPSHOT, "timed", "()Z", false);
		code.visitVarInsn(Opcodes.ISTORE, timed);
		if (merged >= 0) {
			code.visitInsn(Opcodes.ACONST_NULL);
			code.visitVarInsn(Opcodes.ASTORE, merged);
		}
		code.visitInsn(Opcodes.ICONST_0);
		code.visitVarInsn(Opcodes.ISTORE, index);

		code.visitLabel(loop);
		code.visitVarInsn(Opcodes.ILOAD, index);
		code.visitVarInsn(Opcodes.ILOAD, count);
		code.visitJumpInsn(Opcodes.IF_ICMPGE, end);
		code.visitInsn(Opcodes.LCONST_0);
		code.visitVarInsn(Opcodes.LSTORE, start);
		code.visitVarInsn(Opcodes.ILOAD, timed);
		code.visitJumpInsn(Opcodes.IFEQ, call);
		code.visitMethodInsn(Opcodes.INVOKESTATIC, SNAPSHOT, "start", "()J", false);
		code.visitVarInsn(Opcodes.LSTORE, start);

		code.visitLabel(call);
		code.visitLabel(tryStart);
		code.visitVarInsn(Opcodes.ALOAD, targets);
		code.visitVarInsn(Opcodes.ILOAD, index);
		code.visitInsn(Opcodes.AALOAD);
		loadArguments(code);
		code.visitMethodInsn(Opcodes.INVOKEINTERFACE, this.category, this.method.getName(),
				Type.getMethodDescriptor(this.method), true);
		if (hasResult) {
			code.visitVarInsn(this.result.getOpcode(Opcodes.ISTORE), answer);
		}
		code.visitLabel(tryEnd);
		code.visitJumpInsn(Opcodes.GOTO, answered);

		code.visitLabel(handler);
		code.visitVarInsn(Opcodes.ASTORE, failure);
		code.visitVarInsn(Opcodes.ALOAD, snapshot);
		code.visitVarInsn(Opcodes.ILOAD, index);
		code.visitVarInsn(Opcodes.ALOAD, failure);
		code.visitVarInsn(Opcodes.LLOAD, start);
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SNAPSHOT, "failed", "(ILjava/lang/Throwable;J)V", false);
		code.visitJumpInsn(Opcodes.GOTO, (combine == Combine.EXCLUSIVE) ? end : next);

		code.visitLabel(answered);
		switch (combine) {
			case FIRST_DECISIVE -> {
				Label neutralAnswer = new Label();
				differs(code, answer, neutral);
				code.visitJumpInsn(Opcodes.IFEQ, neutralAnswer);
				answeredIfTimed(code, snapshot, timed, index, start, () -> code.visitInsn(Opcodes.ICONST_1));
				code.visitVarInsn(this.result.getOpcode(Opcodes.ILOAD), answer);
				code.visitInsn(this.result.getOpcode(Opcodes.IRETURN));
				code.visitLabel(neutralAnswer);
				answeredIfTimed(code, snapshot, timed, index, start, () -> code.visitInsn(Opcodes.ICONST_0));
			}
			case EXCLUSIVE -> {
				answeredIfTimed(code, snapshot, timed, index, start, () -> decisive(code, hasResult, answer, neutral));
				if (hasResult) {
					code.visitVarInsn(this.result.getOpcode(Opcodes.ILOAD), answer);
				}
				code.visitInsn(this.result.getOpcode(Opcodes.IRETURN));
			}
			case COLLECT -> {
				code.visitVarInsn(Opcodes.ALOAD, snapshot);
				code.visitVarInsn(Opcodes.ILOAD, index);
				code.visitVarInsn(Opcodes.ALOAD, merged);
				code.visitVarInsn(Opcodes.ALOAD, answer);
				code.visitVarInsn(Opcodes.ALOAD, neutral);
				code.visitVarInsn(Opcodes.LLOAD, start);
				code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SNAPSHOT, "collect",
						"(I" + OBJECT_DESCRIPTOR + OBJECT_DESCRIPTOR + OBJECT_DESCRIPTOR + "J)" + OBJECT_DESCRIPTOR,
						false);
				code.visitVarInsn(Opcodes.ASTORE, merged);
			}
			default -> answeredIfTimed(code, snapshot, timed, index, start,
					() -> decisive(code, hasResult, answer, neutral));
		}

		code.visitLabel(next);
		code.visitIincInsn(index, 1);
		code.visitJumpInsn(Opcodes.GOTO, loop);

		code.visitLabel(end);
		if (merged >= 0) {
			code.visitVarInsn(Opcodes.ALOAD, slot);
			code.visitVarInsn(Opcodes.ALOAD, merged);
			code.visitVarInsn(Opcodes.ALOAD, neutral);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLOT, "collected",
					"(" + OBJECT_DESCRIPTOR + OBJECT_DESCRIPTOR + ")" + OBJECT_DESCRIPTOR, false);
			code.visitTypeInsn(Opcodes.CHECKCAST, this.result.getInternalName());
			code.visitInsn(Opcodes.ARETURN);
		}
		else if (hasResult) {
			code.visitVarInsn(this.result.getOpcode(Opcodes.ILOAD), neutral);
			code.visitInsn(this.result.getOpcode(Opcodes.IRETURN));
		}
		else {
			code.visitInsn(Opcodes.RETURN);
		}
	}

	private void answeredIfTimed(MethodVisitor code, int snapshot, int timed, int index, int start,
			Runnable pushDecisive) {
		Label untimed = new Label();
		code.visitVarInsn(Opcodes.ILOAD, timed);
		code.visitJumpInsn(Opcodes.IFEQ, untimed);
		code.visitVarInsn(Opcodes.ALOAD, snapshot);
		code.visitVarInsn(Opcodes.ILOAD, index);
		code.visitVarInsn(Opcodes.LLOAD, start);
		pushDecisive.run();
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SNAPSHOT, "answered", "(IJZ)V", false);
		code.visitLabel(untimed);
	}

	private void decisive(MethodVisitor code, boolean hasResult, int answer, int neutral) {
		if (hasResult) {
			differs(code, answer, neutral);
		}
		else {
			code.visitInsn(Opcodes.ICONST_0);
		}
	}

	private void differs(MethodVisitor code, int answer, int neutral) {
		code.visitVarInsn(this.result.getOpcode(Opcodes.ILOAD), answer);
		box(code, this.result);
		code.visitVarInsn(this.result.getOpcode(Opcodes.ILOAD), neutral);
		box(code, this.result);
		code.visitMethodInsn(Opcodes.INVOKESTATIC, SLOT, "differs",
				"(" + OBJECT_DESCRIPTOR + OBJECT_DESCRIPTOR + ")Z", false);
	}

	private void callDefault(MethodVisitor code) {
		code.visitVarInsn(Opcodes.ALOAD, 0);
		loadArguments(code);
		code.visitMethodInsn(Opcodes.INVOKESPECIAL, this.category, this.method.getName(),
				Type.getMethodDescriptor(this.method), true);
	}

	private void loadArguments(MethodVisitor code) {
		int variable = 1;
		for (Type argument : this.arguments) {
			code.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), variable);
			variable += argument.getSize();
		}
	}

	private int argumentsSize() {
		int size = 0;
		for (Type argument : this.arguments) {
			size += argument.getSize();
		}
		return size;
	}

	private static void push(MethodVisitor code, int value) {
		if (value >= -1 && value <= 5) {
			code.visitInsn(Opcodes.ICONST_0 + value);
		}
		else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
			code.visitIntInsn(Opcodes.BIPUSH, value);
		}
		else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
			code.visitIntInsn(Opcodes.SIPUSH, value);
		}
		else {
			code.visitLdcInsn(value);
		}
	}

	private static void box(MethodVisitor code, Type type) {
		String wrapper = switch (type.getSort()) {
			case Type.BOOLEAN -> "java/lang/Boolean";
			case Type.CHAR -> "java/lang/Character";
			case Type.BYTE -> "java/lang/Byte";
			case Type.SHORT -> "java/lang/Short";
			case Type.INT -> "java/lang/Integer";
			case Type.FLOAT -> "java/lang/Float";
			case Type.LONG -> "java/lang/Long";
			case Type.DOUBLE -> "java/lang/Double";
			default -> null;
		};
		if (wrapper != null) {
			code.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf",
					"(" + type.getDescriptor() + ")L" + wrapper + ";", false);
		}
	}

	/**
	 * Allocates local variable slots after the method's parameters.
	 */
	private static final class Locals {

		private int size;

		Locals(int size) {
			this.size = size;
		}

		int next(int width) {
			int variable = this.size;
			this.size += width;
			return variable;
		}

		int size() {
			return this.size;
		}

	}

	/**
	 * Writes the dispatcher's constructor: {@code this.slotN = slots[N]} for every callback.
	 */
	static final class Constructor implements ByteCodeAppender {

		private final List<CallbackModel> callbacks;

		Constructor(List<CallbackModel> callbacks) {
			this.callbacks = callbacks;
		}

		@Override
		public Size apply(MethodVisitor code, Implementation.Context context, MethodDescription instrumented) {
			String owner = context.getInstrumentedType().getInternalName();
			code.visitVarInsn(Opcodes.ALOAD, 0);
			code.visitMethodInsn(Opcodes.INVOKESPECIAL, OBJECT, "<init>", "()V", false);
			for (CallbackModel callback : this.callbacks) {
				code.visitVarInsn(Opcodes.ALOAD, 0);
				code.visitVarInsn(Opcodes.ALOAD, 1);
				push(code, callback.index());
				code.visitInsn(Opcodes.AALOAD);
				code.visitFieldInsn(Opcodes.PUTFIELD, owner, slotField(callback), SLOT_DESCRIPTOR);
			}
			code.visitInsn(Opcodes.RETURN);
			return new Size(4, 2);
		}

	}

}
