package org.modulehost.cache;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.member.FieldAccess;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.implementation.bytecode.member.MethodReturn;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The body of a generated override of a {@code @Cached} method:
 * <pre>{@code
 * CachedFunction cache = this.$modulehost$cache$N;
 * if (cache == null) {
 *     return super.method(a, b);               // not registered (yet)
 * }
 * return (R) cache.call2(a, b);                 // arguments boxed, result cast or unboxed
 * }</pre>
 * Written as plain bytecode so that a hit costs one field read and one call, with no
 * allocation for the call itself.
 */
final class CachedCall implements Implementation {

	private static final TypeDescription.Generic OBJECT = TypeDescription.Generic.OfNonGenericType.ForLoadedType
		.of(Object.class);

	private final String field;

	private final int arity;

	CachedCall(String field, int arity) {
		this.field = field;
		this.arity = arity;
	}

	@Override
	public InstrumentedType prepare(InstrumentedType instrumentedType) {
		return instrumentedType;
	}

	@Override
	public ByteCodeAppender appender(Target target) {
		return (visitor, context, method) -> apply(target, visitor, context, method);
	}

	private ByteCodeAppender.Size apply(Target target, MethodVisitor visitor, Context context,
			MethodDescription method) {
		FieldDescription cacheField = target.getInstrumentedType()
			.getDeclaredFields()
			.filter(ElementMatchers.named(this.field))
			.getOnly();
		MethodDescription call = TypeDescription.ForLoadedType.of(CachedFunction.class)
			.getDeclaredMethods()
			.filter(ElementMatchers.named("call" + this.arity))
			.getOnly();
		StackManipulation readCache = new StackManipulation.Compound(MethodVariableAccess.loadThis(),
				FieldAccess.forField(cacheField).read());
		Label direct = new Label();
		int maxStack = readCache.apply(visitor, context).getMaximalSize();
		visitor.visitJumpInsn(Opcodes.IFNULL, direct);

		List<StackManipulation> cached = new ArrayList<>();
		cached.add(readCache);
		for (ParameterDescription parameter : method.getParameters()) {
			cached.add(MethodVariableAccess.load(parameter));
			cached.add(Assigner.DEFAULT.assign(parameter.getType(), OBJECT, Assigner.Typing.STATIC));
		}
		cached.add(MethodInvocation.invoke(call));
		cached.add(Assigner.DEFAULT.assign(OBJECT, method.getReturnType(), Assigner.Typing.DYNAMIC));
		cached.add(MethodReturn.of(method.getReturnType()));
		maxStack = Math.max(maxStack, apply(new StackManipulation.Compound(cached), visitor, context));

		visitor.visitLabel(direct);
		visitor.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
		StackManipulation superCall = new StackManipulation.Compound(
				MethodVariableAccess.allArgumentsOf(method).prependThisReference(),
				target.invokeSuper(method.asSignatureToken()), MethodReturn.of(method.getReturnType()));
		maxStack = Math.max(maxStack, apply(superCall, visitor, context));
		return new ByteCodeAppender.Size(maxStack, method.getStackSize());
	}

	private static int apply(StackManipulation manipulation, MethodVisitor visitor, Context context) {
		if (!manipulation.isValid()) {
			throw new IllegalStateException("Cannot generate a cached call: " + manipulation);
		}
		return manipulation.apply(visitor, context).getMaximalSize();
	}

}
